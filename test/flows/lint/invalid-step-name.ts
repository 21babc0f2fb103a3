// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run).
import { FlowSpec, step, main } from "metaflow-ts";

export default class TrainFlow extends FlowSpec {
  @step
  start() {
    this.next(this.Train);
  }

  @step
  Train() { // error: INVALID_STEP_NAME
    this.model = { weights: [1, 2, 3] };
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, TrainFlow);
