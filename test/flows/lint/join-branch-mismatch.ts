// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run).
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

export default class MissingBranchFlow extends FlowSpec {
  @step
  start() {
    this.next(this.cpu, this.gpu, this.tpu);
  }

  @step
  cpu() {
    this.next(this.compare);
  }

  @step
  gpu() {
    this.next(this.compare);
  }

  @step
  tpu() {
    this.next(this.end);
  }

  @step
  compare(inputs: Inputs<MissingBranchFlow>) { // error: JOIN_BRANCH_MISMATCH
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, MissingBranchFlow);
