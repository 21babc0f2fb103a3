// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run).
import { FlowSpec, step, main } from "metaflow-ts";

export default class EndNextFlow extends FlowSpec {
  @step
  start() {
    this.message = "hello";
    this.next(this.end);
  }

  @step
  end() {
    console.log(this.message);
    this.next(this.end); // error: END_HAS_TRANSITION
  }
}

main(import.meta, EndNextFlow);
