// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run).
import { FlowSpec, step, main } from "metaflow-ts";

export default class ForgotNextFlow extends FlowSpec {
  @step
  start() {
    this.next(this.train);
  }

  @step
  train() { // error: MISSING_TRANSITION
    this.model = { accuracy: 0.9 };
  }

  @step
  end() {}
}

main(import.meta, ForgotNextFlow);
