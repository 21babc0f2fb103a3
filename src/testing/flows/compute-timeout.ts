/**
 * Compute conformance: `@timeout` on one step. `work` writes its pid to `--marker` and sleeps far
 * past its 15-second limit; start and end have no limit (so a slow, loaded machine cannot time them out).
 * Shipped with the package for src/testing/compute-conformance.ts (`metaflow-ts/testing`).
 * @module
 */
import { writeFileSync } from "node:fs";
import { FlowSpec, step, Parameter, timeout, main } from "metaflow-ts";

/** TimeoutComputeFlow: `start -> work (15 s limit, sleeps 5 minutes) -> end`. */
export default class TimeoutComputeFlow extends FlowSpec {
  marker = Parameter("marker", { type: "string", required: true, help: "file that gets work's pid" });

  @step
  start() {
    this.next(this.work);
  }

  @timeout({ seconds: 15 })
  @step
  async work() {
    writeFileSync(this.marker, `${process.pid}`);
    await new Promise((r) => setTimeout(r, 300_000));
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, TimeoutComputeFlow);
