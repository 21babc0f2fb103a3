/**
 * Matrix: a self-looping switch inside a foreach body.
 * `start -> refine* -> loop (-> loop ...) -> finish -> join -> end`.
 * @module
 */
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

/** RecursiveSwitchInForeachFlow: the body for target `t` runs `loop` t times. */
export default class RecursiveSwitchInForeachFlow extends FlowSpec {
  targets!: number[];
  target!: number;
  steps!: number;
  state!: string;
  report!: string;
  stepsPerItem!: number[];
  reports!: string[];

  @step
  start() {
    this.targets = [1, 3, 2];
    this.next(this.refine, { foreach: "targets" });
  }

  @step
  refine() {
    this.target = this.input as number;
    this.steps = 0;
    this.next(this.loop);
  }

  @step
  loop() {
    this.steps += 1;
    this.state = this.steps < this.target ? "again" : "done";
    this.next({ again: this.loop, done: this.finish }, { condition: "state" });
  }

  @step
  finish() {
    this.report = `target ${this.target} in ${this.steps}`;
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<RecursiveSwitchInForeachFlow>) {
    this.stepsPerItem = inputs.map((i) => i.steps);
    this.reports = inputs.map((i) => i.report);
    this.next(this.end);
  }

  @step
  end() {
    console.log(this.reports.join("; "));
  }
}

main(import.meta, RecursiveSwitchInForeachFlow);
