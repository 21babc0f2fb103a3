/**
 * Behaviour: a foreach over an empty list fails the task (as in Metaflow: "zero splits"),
 * naming the artifact.
 * @module
 */
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

/** ForeachEmptyFlow: `emptyItems` is `[]`. */
export default class ForeachEmptyFlow extends FlowSpec {
  emptyItems!: string[];
  got!: number;

  @step
  start() {
    this.emptyItems = [];
    this.next(this.body, { foreach: "emptyItems" });
  }

  @step
  body() {
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<ForeachEmptyFlow>) {
    this.got = inputs.length;
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, ForeachEmptyFlow);
