// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run).
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

export default class EndJoinFlow extends FlowSpec {
  @step
  start() {
    this.next(this.left, this.right);
  }

  @step
  left() {
    this.score = 0.4;
    this.next(this.end);
  }

  @step
  right() {
    this.score = 0.6;
    this.next(this.end);
  }

  @step
  end(inputs: Inputs<EndJoinFlow>) { // error: END_IS_JOIN
    console.log(Math.max(...inputs.map((i) => i.score)));
  }
}

main(import.meta, EndJoinFlow);
