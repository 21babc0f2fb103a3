/**
 * Compute: a hybrid run. `start` and `join` run locally; `body`, a foreach of `--count` items, runs
 * on Slurm (`@slurm`). hybrid-local.ts is the same flow without `@slurm` (the all-local reference).
 * `body` does its work in hybrid-square.ts, shared by the three.
 * @module
 */
import { FlowSpec, step, Parameter, main, slurm, type Inputs } from "metaflow-ts";
import { squareHere } from "./hybrid-square.js";

/** HybridFlow: squares `--count` numbers in a foreach and sums them. */
export default class HybridFlow extends FlowSpec {
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

  @slurm({ cpu: 1, memory: 200 })
  @step
  body() {
    const { square, where } = squareHere(this.index, this.input as number);
    this.square = square;
    this.where = where;
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<HybridFlow>) {
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

main(import.meta, HybridFlow);
