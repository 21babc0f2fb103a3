/**
 * Behaviour: a foreach over an artifact that is not iterable fails the task, naming it.
 * @module
 */
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

/** ForeachNotIterableFlow: `notAList` is a number. */
export default class ForeachNotIterableFlow extends FlowSpec {
  notAList!: number[];
  got!: unknown[];

  @step
  start() {
    this.notAList = 42 as unknown as number[];
    this.next(this.body, { foreach: "notAList" });
  }

  @step
  body() {
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<ForeachNotIterableFlow>) {
    this.got = inputs.map(() => null);
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, ForeachNotIterableFlow);
