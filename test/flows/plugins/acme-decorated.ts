/**
 * A flow that puts one step on a third-party compute backend from its source: `@acme` comes from
 * the plugin's module (test/fixtures/plugins/acme/), as `@kubernetes` comes from metaflow-ts.
 * @module
 */
import { FlowSpec, step, main } from "metaflow-ts";
import { acme } from "../../fixtures/plugins/acme/index.mjs";

/** AcmeDecoratedFlow: `remote` runs on acme with 300 MB; `start` and `end` run locally. */
export default class AcmeDecoratedFlow extends FlowSpec {
  where!: string;

  @step
  start() {
    this.next(this.remote);
  }

  @acme({ memory: 300 })
  @step
  remote() {
    this.where = `job ${process.env.ACME_JOB ?? "none"} memory ${process.env.ACME_MEMORY ?? "none"}`;
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, AcmeDecoratedFlow);
