/**
 * Compute: a hybrid run. `start` and `join` run locally; `body`, a foreach of `--count` items, runs
 * on Kubernetes (`@kubernetes`; the tests run it through the API-server double). hybrid-local.ts is the same flow without `@kubernetes` (the all-local reference).
 * `body` fails for the index in $HYBRID_FAIL_INDEX (to test resume across local and remote tasks).
 * @module
 */
import { FlowSpec, step, Parameter, current, main, kubernetes, type Inputs } from "metaflow-ts";

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
    if (process.env.HYBRID_FAIL_INDEX === String(this.index)) throw new Error(`body ${this.index} fails on purpose`);
    this.square = (this.input as number) ** 2;
    this.where = current.compute;
    console.log(`square ${this.input} = ${this.square} on ${this.where} (${current.pathspec})`);
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
