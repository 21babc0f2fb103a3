/**
 * Failures: resume through a branch, a nested foreach and a recursive switch.
 * `start -> {left, right} -> joinLR -> fan -> outer* -> inner* -> innerJoin -> outerJoin -> loop
 * (loops on itself 3 times) -> end`. The environment variable RESUME_FAIL makes one task
 * throw: `right`, `inner:<outer index>:<inner index>` or `loop:<iteration>`; a resume
 * without it succeeds.
 * @module
 */
import { setTimeout as sleep } from "node:timers/promises";
import { FlowSpec, step, current, main, type Inputs } from "metaflow-ts";

const failAt = process.env["RESUME_FAIL"] ?? "";

/** ResumeShapesFlow: 18 tasks; `end` holds a deterministic summary. */
export default class ResumeShapesFlow extends FlowSpec {
  base!: number;
  leftValue!: number;
  rightValue!: number;
  sum!: number;
  letters!: string[];
  letter!: string;
  numbers!: number[];
  label!: string;
  labels!: string[];
  all!: string[];
  count!: number;
  state!: string;
  trail!: string[];
  ranIn!: string;

  @step
  start() {
    this.base = 10;
    this.ranIn = current.runId;
    this.next(this.left, this.right);
  }

  @step
  left() {
    this.leftValue = this.base + 1;
    this.ranIn = current.runId;
    this.next(this.joinLR);
  }

  @step
  async right() {
    if (failAt === "right") {
      await sleep(300);
      throw new Error("right failed");
    }
    this.rightValue = this.base + 2;
    this.ranIn = current.runId;
    this.next(this.joinLR);
  }

  @step
  joinLR(inputs: Inputs<ResumeShapesFlow>) {
    this.sum = inputs.left.leftValue + inputs.right.rightValue;
    this.ranIn = current.runId;
    this.next(this.fan);
  }

  @step
  fan() {
    this.letters = ["a", "b"];
    this.ranIn = current.runId;
    this.next(this.outer, { foreach: "letters" });
  }

  @step
  outer() {
    this.letter = this.input as string;
    this.numbers = [1, 2];
    this.ranIn = current.runId;
    this.next(this.inner, { foreach: "numbers" });
  }

  @step
  async inner() {
    const [o, i] = this.foreachStack().map((f) => f.index);
    if (failAt === `inner:${o}:${i}`) {
      await sleep(300);
      throw new Error(`inner ${o}:${i} failed`);
    }
    this.label = `${this.letter}${this.input as number}:${this.sum}`;
    this.ranIn = current.runId;
    this.next(this.innerJoin);
  }

  @step
  innerJoin(inputs: Inputs<ResumeShapesFlow>) {
    this.labels = inputs.map((i) => i.label);
    this.ranIn = current.runId;
    this.next(this.outerJoin);
  }

  @step
  outerJoin(inputs: Inputs<ResumeShapesFlow>) {
    this.all = inputs.flatMap((i) => i.labels);
    this.count = 0;
    this.trail = [];
    this.ranIn = current.runId;
    this.next(this.loop);
  }

  @step
  loop() {
    this.count += 1;
    if (failAt === `loop:${this.count}`) throw new Error(`loop iteration ${this.count} failed`);
    this.trail = [...this.trail, `${this.count}:${this.all.length}`];
    this.state = this.count < 3 ? "again" : "done";
    this.ranIn = current.runId;
    this.next({ again: this.loop, done: this.end }, { condition: "state" });
  }

  @step
  end() {
    console.log(`trail ${this.trail.join(" ")} all ${this.all.join(" ")}`);
  }
}

main(import.meta, ResumeShapesFlow);
