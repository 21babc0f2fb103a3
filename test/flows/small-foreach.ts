/**
 * Matrix: a foreach over a single item.
 * @module
 */
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

/** SmallForeachFlow: one body task, one input in the join. */
export default class SmallForeachFlow extends FlowSpec {
  items!: number[];
  doubled!: number;
  results!: number[];
  count!: number;

  @step
  start() {
    this.items = [21];
    this.next(this.body, { foreach: "items" });
  }

  @step
  body() {
    this.doubled = (this.input as number) * 2;
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<SmallForeachFlow>) {
    this.results = inputs.map((i) => i.doubled);
    this.count = inputs.length;
    this.next(this.end);
  }

  @step
  end() {
    console.log(`small foreach: ${this.results.join(",")}`);
  }
}

main(import.meta, SmallForeachFlow);
