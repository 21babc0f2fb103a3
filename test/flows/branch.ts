/**
 * Matrix: static branch `start -> (left, right) -> join -> end`.
 * @module
 */
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

/** BranchFlow: both branches derive from `base`; the join reads them by name and by position. */
export default class BranchFlow extends FlowSpec {
  base!: number;
  leftValue!: number;
  rightValue!: number;
  side!: string;
  sum!: number;
  sides!: string[];
  count!: number;
  done!: boolean;

  @step
  start() {
    this.base = 10;
    this.next(this.left, this.right);
  }

  @step
  left() {
    this.leftValue = this.base + 1;
    this.side = "left";
    this.next(this.join);
  }

  @step
  right() {
    this.rightValue = this.base + 2;
    this.side = "right";
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<BranchFlow>) {
    this.sum = inputs.left.leftValue + inputs.right.rightValue;
    this.sides = [...inputs].map((i) => i.side).sort();
    this.count = inputs.length;
    this.mergeArtifacts(inputs, { exclude: ["side", "leftValue", "rightValue"] });
    this.next(this.end);
  }

  @step
  end() {
    this.done = true;
  }
}

main(import.meta, BranchFlow);
