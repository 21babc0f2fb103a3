// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run).
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

export default class EscapingLoopFlow extends FlowSpec {
  @step
  start() {
    this.next(this.prepare);
  }

  @step
  prepare() {
    this.batches = [1, 2, 3];
    this.next(this.work, { foreach: "batches" });
  }

  @step
  work() {
    this.next(this.decide);
  }

  @step
  decide() {
    this.status = "done";
    this.next({ more: this.prepare, done: this.collect }, { condition: "status" }); // error: LOOP_ACROSS_SPLIT
  }

  @step
  collect() {
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<EscapingLoopFlow>) {
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, EscapingLoopFlow);
