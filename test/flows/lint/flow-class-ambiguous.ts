// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run).
import { FlowSpec, step } from "metaflow-ts";

export class TrainFlow extends FlowSpec {
  @step
  start() {
    this.next(this.end);
  }

  @step
  end() {}
}

export class ScoreFlow extends FlowSpec { // error: FLOW_CLASS_AMBIGUOUS
  @step
  start() {
    this.next(this.end);
  }

  @step
  end() {}
}
