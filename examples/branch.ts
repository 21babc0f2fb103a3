/**
 * A static branch: two steps run in parallel on the same input and a join merges them.
 *
 *   npx metaflow-ts run examples/branch.ts --max-workers 2
 *
 * @module
 */
import { FlowSpec, step, Parameter, main, type Inputs } from "metaflow-ts";

/**
 * BranchFlow computes two statistics of the same numbers in parallel branches.
 *
 * Both branches see `numbers` from `start`; the join reads each branch's result by step
 * name and uses `mergeArtifacts` to carry the unambiguous artifacts (`numbers`, `label`)
 * forward, excluding `scratch`, which every branch sets differently.
 */
export default class BranchFlow extends FlowSpec {
  /** How many numbers to generate (`--count`). */
  count = Parameter("count", { default: 10, help: "how many numbers to generate" });

  /** The input numbers: 1..count. */
  numbers!: number[];
  /** A label set once in `start` and merged in the join. */
  label!: string;
  /** Set by both branches with different values: excluded from the merge. */
  scratch!: string;
  /** Sum of the numbers (branch `sum`). */
  total!: number;
  /** Sum of the squares (branch `squares`). */
  sumOfSquares!: number;
  /** The population variance, computed in the join from both branches. */
  variance!: number;

  /** Generates the numbers and fans out to two branches. */
  @step
  start() {
    this.numbers = Array.from({ length: this.count }, (_, i) => i + 1);
    this.label = `1..${this.count}`;
    this.next(this.sum, this.squares);
  }

  /** Adds the numbers up. */
  @step
  sum() {
    this.total = this.numbers.reduce((a, b) => a + b, 0);
    this.scratch = "sum";
    this.next(this.join);
  }

  /** Adds the squares up. */
  @step
  squares() {
    this.sumOfSquares = this.numbers.reduce((a, b) => a + b * b, 0);
    this.scratch = "squares";
    this.next(this.join);
  }

  /** Combines both branches into the variance. */
  @step
  join(inputs: Inputs<BranchFlow>) {
    const n = inputs.sum.numbers.length;
    this.total = inputs.sum.total;
    this.sumOfSquares = inputs.squares.sumOfSquares;
    this.variance = this.sumOfSquares / n - (this.total / n) ** 2;
    this.mergeArtifacts(inputs, { exclude: ["scratch"] });
    this.next(this.end);
  }

  /** Prints the result. */
  @step
  end() {
    console.log(`numbers ${this.label}: total=${this.total} variance=${this.variance}`);
  }
}

main(import.meta, BranchFlow);
