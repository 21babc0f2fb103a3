// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run).
import { FlowSpec, step, main } from "metaflow-ts";

/** Builds a search index. */
export default class IndexFlow extends FlowSpec {
  @step
  start() {
    this.docs = ["a", "b"];
    this.next(this.index);
  }

  @step
  index() { // error: RESERVED_STEP_NAME
    this.size = this.docs.length;
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, IndexFlow);
