/**
 * Matrix: a foreach inside a foreach.
 * `start -> outer* -> inner* -> innerJoin -> outerJoin -> end`.
 * @module
 */
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

/** A foreach frame as recorded by the inner tasks. */
export interface Frame {
  index: number;
  count: number;
  value: unknown;
}

/** NestedForeachFlow: 2 letters x 3 numbers = 6 inner tasks labelled `a1` .. `b3`. */
export default class NestedForeachFlow extends FlowSpec {
  letters!: string[];
  letter!: string;
  numbers!: number[];
  label!: string;
  frames!: Frame[];
  labels!: string[];
  all!: string[];
  groups!: number;

  @step
  start() {
    this.letters = ["a", "b"];
    this.next(this.outer, { foreach: "letters" });
  }

  @step
  outer() {
    this.letter = this.input as string;
    this.numbers = [1, 2, 3];
    this.next(this.inner, { foreach: "numbers" });
  }

  @step
  inner() {
    this.label = `${this.letter}${this.input as number}`;
    this.frames = this.foreachStack().map((f) => ({ index: f.index, count: f.count, value: f.value }));
    this.next(this.innerJoin);
  }

  @step
  innerJoin(inputs: Inputs<NestedForeachFlow>) {
    this.labels = inputs.map((i) => i.label);
    this.mergeArtifacts(inputs, { include: ["letter"] });
    this.next(this.outerJoin);
  }

  @step
  outerJoin(inputs: Inputs<NestedForeachFlow>) {
    this.all = inputs.flatMap((i) => i.labels);
    this.groups = inputs.length;
    this.next(this.end);
  }

  @step
  end() {
    console.log(`nested foreach: ${this.all.join(" ")}`);
  }
}

main(import.meta, NestedForeachFlow);
