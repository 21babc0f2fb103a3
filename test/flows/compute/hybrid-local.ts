/**
 * Compute: the all-local twin of hybrid.ts, identical but for `@slurm` on `body`: the reference
 * a hybrid run's results must equal.
 * @module
 */
import { FlowSpec, step, Parameter, main, type Inputs } from "metaflow-ts";
import { squareHere } from "./hybrid-square.js";

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
    const { square, where } = squareHere(this.index, this.input as number);
    this.square = square;
    this.where = where;
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
