// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run).
import { FlowSpec, step, main } from "metaflow-ts";

export default class OneCaseFlow extends FlowSpec {
  @step
  start() {
    this.mode = "fast";
    this.next({ fast: this.quick }, { condition: "mode" }); // error: SWITCH_TOO_FEW_CASES
  }

  @step
  quick() {
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, OneCaseFlow);
