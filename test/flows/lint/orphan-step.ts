// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run).
import { FlowSpec, step, main } from "metaflow-ts";

export default class OrphanFlow extends FlowSpec {
  @step
  start() {
    this.next(this.train);
  }

  @step
  train() {
    this.next(this.end);
  }

  @step
  evaluate() { // error: ORPHAN_STEP
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, OrphanFlow);
