// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run).
import { FlowSpec, step, main } from "metaflow-ts";

export default class UnjoinedForeachFlow extends FlowSpec {
  @step
  start() {
    this.shards = [0, 1, 2, 3];
    this.next(this.process, { foreach: "shards" });
  }

  @step
  process() {
    this.result = this.input * 2;
    this.next(this.end);
  }

  @step
  end() {} // error: END_INSIDE_SPLIT
}

main(import.meta, UnjoinedForeachFlow);
