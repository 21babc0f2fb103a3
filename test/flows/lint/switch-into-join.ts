// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run).
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

export default class SwitchJoinFlow extends FlowSpec {
  @step
  start() {
    this.next(this.a, this.b);
  }

  @step
  a() {
    this.cached = true;
    this.next({ hit: this.join, miss: this.compute }, { condition: "cache" });
  }

  @step
  compute() {
    this.next(this.join);
  }

  @step
  b() {
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<SwitchJoinFlow>) { // error: SWITCH_INTO_JOIN
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, SwitchJoinFlow);
