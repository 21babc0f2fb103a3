// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run).
import { FlowSpec, step, main } from "metaflow-ts";

export default class ForgotInputsFlow extends FlowSpec {
  @step
  start() {
    this.next(this.a, this.b);
  }

  @step
  a() {
    this.x = 1;
    this.next(this.join);
  }

  @step
  b() {
    this.x = 2;
    this.next(this.join);
  }

  @step
  join() { // error: MERGE_WITHOUT_JOIN
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, ForgotInputsFlow);
