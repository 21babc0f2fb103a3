// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run).
import { FlowSpec, step, main } from "metaflow-ts";

export default class NoStartFlow extends FlowSpec { // error: MISSING_START_STEP
  @step
  begin() {
    this.rows = [1, 2, 3];
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, NoStartFlow);
