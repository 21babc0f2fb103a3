/**
 * Conditional branching: a step that loops to itself until a computation converges
 * (a recursive switch), then a plain switch that picks one of two steps.
 *
 *   npx metaflow-ts run examples/switch.ts --value 1e6
 *
 * @module
 */
import { FlowSpec, step, Parameter, main } from "metaflow-ts";

/**
 * SquareRootFlow computes a square root with Newton's method, one iteration per task.
 *
 * `refine` improves the estimate and switches on `state`: `"again"` runs `refine` once
 * more, `"done"` moves on to `classify`, which switches on `size` to either `small` or
 * `large`. Only the chosen step of a switch runs.
 */
export default class SquareRootFlow extends FlowSpec {
  /** The number whose square root to compute (`--value`). */
  value = Parameter("value", { default: 2, help: "the non-negative number whose square root to compute" });

  /** Relative change below which the estimate has converged (`--tolerance`). */
  tolerance = Parameter("tolerance", { default: 1e-12, help: "relative change at which to stop iterating" });

  /** Safety net for the loop (`--limit`). */
  limit = Parameter("limit", { default: 50, help: "stop after this many iterations" });

  /** Current estimate of the square root. */
  estimate!: number;
  /** How many times `refine` ran. */
  iterations!: number;
  /** Estimates after each iteration. */
  history!: number[];
  /** Switch condition of `refine`. */
  state!: "again" | "done";
  /** Switch condition of `classify`. */
  size!: "small" | "large";
  /** A sentence about the result. */
  verdict!: string;

  /** Validates the input and seeds the estimate. */
  @step
  start() {
    if (!(this.value >= 0)) throw new Error(`--value must be a non-negative number, got ${this.value}`);
    this.estimate = Math.max(this.value, 1);
    this.iterations = 0;
    this.history = [];
    this.next(this.refine);
  }

  /** One Newton iteration; loops to itself until the estimate stops changing. */
  @step
  refine() {
    const previous = this.estimate;
    this.estimate = previous === 0 ? 0 : (previous + this.value / previous) / 2;
    this.iterations += 1;
    this.history = [...this.history, this.estimate];
    const change = Math.abs(this.estimate - previous) / Math.max(Math.abs(previous), Number.MIN_VALUE);
    const converged = change <= this.tolerance || this.iterations >= this.limit;
    this.state = converged ? "done" : "again";
    console.log(`iteration ${this.iterations}: ${this.estimate}`);
    this.next({ again: this.refine, done: this.classify }, { condition: "state" });
  }

  /** Picks a branch from the size of the result. */
  @step
  classify() {
    this.size = this.estimate < 100 ? "small" : "large";
    this.next({ small: this.small, large: this.large }, { condition: "size" });
  }

  /** Runs when the root is below 100. */
  @step
  small() {
    this.verdict = `sqrt(${this.value}) = ${this.estimate} is small`;
    this.next(this.end);
  }

  /** Runs when the root is 100 or more. */
  @step
  large() {
    this.verdict = `sqrt(${this.value}) = ${this.estimate} is large`;
    this.next(this.end);
  }

  /** Prints the result. */
  @step
  end() {
    console.log(`${this.verdict} (after ${this.iterations} iterations)`);
  }
}

main(import.meta, SquareRootFlow);
