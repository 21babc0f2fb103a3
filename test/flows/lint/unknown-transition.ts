// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run).
import { FlowSpec, step, main } from "metaflow-ts";

export default class TypoFlow extends FlowSpec {
  @step
  start() {
    this.data = [1, 2, 3];
    this.next(this.trian); // error: UNKNOWN_TRANSITION
  }

  @step
  train() {
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, TypoFlow);
