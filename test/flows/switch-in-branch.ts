/**
 * Matrix: a switch inside one arm of a static branch.
 * `start -> (left, right); left -> {even: leftEven | odd: leftOdd} -> leftDone; (leftDone, right) -> join -> end`.
 * @module
 */
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

/** SwitchInBranchFlow: `left` sees an even number, so `leftEven` runs and `leftOdd` does not. */
export default class SwitchInBranchFlow extends FlowSpec {
  number!: number;
  parity!: string;
  leftResult!: string;
  rightResult!: string;
  combined!: string;

  @step
  start() {
    this.number = 42;
    this.next(this.left, this.right);
  }

  @step
  left() {
    this.parity = this.number % 2 === 0 ? "even" : "odd";
    this.next({ even: this.leftEven, odd: this.leftOdd }, { condition: "parity" });
  }

  @step
  leftEven() {
    this.leftResult = `${this.number} is even`;
    this.next(this.leftDone);
  }

  @step
  leftOdd() {
    this.leftResult = `${this.number} is odd`;
    this.next(this.leftDone);
  }

  @step
  leftDone() {
    this.leftResult = `${this.leftResult}!`;
    this.next(this.join);
  }

  @step
  right() {
    this.rightResult = `half is ${this.number / 2}`;
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<SwitchInBranchFlow>) {
    this.combined = `${inputs.leftDone.leftResult} / ${inputs.right.rightResult}`;
    this.mergeArtifacts(inputs, { include: ["number"] });
    this.next(this.end);
  }

  @step
  end() {
    console.log(this.combined);
  }
}

main(import.meta, SwitchInBranchFlow);
