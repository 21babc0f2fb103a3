// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run).
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

export default class LonelyJoinFlow extends FlowSpec {
  @step
  start() {
    this.next(this.prepare);
  }

  @step
  prepare() {
    this.rows = [1, 2, 3];
    this.next(this.combine);
  }

  @step
  combine(inputs: Inputs<LonelyJoinFlow>) { // error: JOIN_WITHOUT_SPLIT
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, LonelyJoinFlow);
