/**
 * Compute: the all-local twin of hybrid.ts, identical but for `@slurm` on `body`: the reference
 * a hybrid run's results must equal.
 * @module
 */
import { FlowSpec, step, Parameter, current, main, type Inputs } from "metaflow-ts";

/** HybridLocalFlow: squares `--count` numbers in a foreach and sums them. */
export default class HybridLocalFlow extends FlowSpec {
  count = Parameter("count", { default: 100, help: "foreach width" });
  numbers!: number[];
  square!: number;
  where!: string;
  squares!: number[];
  total!: number;
  remote!: number;

  @step
  start() {
    this.numbers = Array.from({ length: this.count }, (_, i) => i);
    this.next(this.body, { foreach: "numbers" });
  }

  @step
  body() {
    if (process.env.HYBRID_FAIL_INDEX === String(this.index)) throw new Error(`body ${this.index} fails on purpose`);
    this.square = (this.input as number) ** 2;
    this.where = current.compute;
    console.log(`square ${this.input} = ${this.square} on ${this.where} (${current.pathspec})`);
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<HybridLocalFlow>) {
    this.squares = inputs.map((i) => i.square);
    this.total = this.squares.reduce((a, b) => a + b, 0);
    this.remote = inputs.filter((i) => i.where !== "local").length;
    this.next(this.end);
  }

  @step
  end() {
    console.log(`total ${this.total}`);
  }
}

main(import.meta, HybridLocalFlow);
