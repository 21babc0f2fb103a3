// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run).
import { FlowSpec, step, main } from "metaflow-ts";

export default class NoEndFlow extends FlowSpec { // error: MISSING_END_STEP
  @step
  start() {
    this.rows = [1, 2, 3];
    this.next(this.finish);
  }

  @step
  finish() {
    console.log(this.rows.length);
  }
}

main(import.meta, NoEndFlow);
