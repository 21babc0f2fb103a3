// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run).
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

export default class CrossJoinFlow extends FlowSpec {
  @step
  start() {
    this.next(this.a, this.b);
  }

  @step
  a() {
    this.next(this.a1, this.a2);
  }

  @step
  a1() {
    this.next(this.join);
  }

  @step
  a2() {
    this.next(this.join);
  }

  @step
  b() {
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<CrossJoinFlow>) { // error: JOIN_UNRELATED_SPLITS
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, CrossJoinFlow);
