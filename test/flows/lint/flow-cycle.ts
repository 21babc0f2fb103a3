// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run).
import { FlowSpec, step, main } from "metaflow-ts";

export default class LoopFlow extends FlowSpec {
  @step
  start() {
    this.next(this.fetch);
  }

  @step
  fetch() {
    this.page = (this.page ?? 0) + 1;
    this.next(this.parse);
  }

  @step
  parse() {
    this.next(this.fetch); // error: FLOW_CYCLE
  }

  @step
  end() {}
}

main(import.meta, LoopFlow);
