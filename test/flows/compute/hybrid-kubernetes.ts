/**
 * Compute: a hybrid run. `start` and `join` run locally; `body`, a foreach of `--count` items, runs
 * on Kubernetes (`@kubernetes`; the tests run it through the API-server double). hybrid-local.ts is the same flow without `@kubernetes` (the all-local reference).
 * `body` does its work in hybrid-square.ts, shared by the three.
 * @module
 */
import { FlowSpec, step, Parameter, main, kubernetes, type Inputs } from "metaflow-ts";
import { squareHere } from "./hybrid-square.js";

/** HybridKubernetesFlow: squares `--count` numbers in a foreach and sums them. */
export default class HybridKubernetesFlow extends FlowSpec {
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

  @kubernetes({ image: "registry.example/flow:1", cpu: 1, memory: 300 })
  @step
  body() {
    const { square, where } = squareHere(this.index, this.input as number);
    this.square = square;
    this.where = where;
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<HybridKubernetesFlow>) {
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

main(import.meta, HybridKubernetesFlow);
