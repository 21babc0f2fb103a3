/**
 * Benchmark flow: a foreach over N trivial items and a join (N from `--n`).
 * @module
 */
import { FlowSpec, step, Parameter, main, type Inputs } from "metaflow-ts";

export default class ForeachBenchFlow extends FlowSpec {
  n = Parameter("n", { default: 100, help: "number of foreach items" });
  items!: number[];
  squared!: number;
  total!: number;

  @step
  start() {
    this.items = Array.from({ length: this.n }, (_, i) => i);
    this.next(this.body, { foreach: "items" });
  }

  @step
  body() {
    this.squared = (this.input as number) ** 2;
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<ForeachBenchFlow>) {
    this.total = inputs.reduce((sum, i) => sum + i.squared, 0);
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, ForeachBenchFlow);
