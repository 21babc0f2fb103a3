// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run).
import { FlowSpec, step, main, Parameter } from "metaflow-ts";

export default class IfNextFlow extends FlowSpec {
  big = Parameter("big", { default: false });

  @step
  start() {
    if (this.big) {
      this.next(this.heavy); // error: INVALID_TRANSITION
    } else {
      this.next(this.light);
    }
  }

  @step
  heavy() {
    this.next(this.end);
  }

  @step
  light() {
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, IfNextFlow);
