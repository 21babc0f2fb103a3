// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run).
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

export default class StartJoinFlow extends FlowSpec {
  @step
  start(inputs: Inputs<StartJoinFlow>) { // error: START_IS_JOIN
    this.count = inputs.length;
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, StartJoinFlow);
