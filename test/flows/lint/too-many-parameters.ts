// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run).
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

export default class ParamsFlow extends FlowSpec {
  @step
  start() {
    this.next(this.a, this.b);
  }

  @step
  a() {
    this.x = 1;
    this.next(this.join);
  }

  @step
  b() {
    this.x = 2;
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<ParamsFlow>, extra: number) { // error: TOO_MANY_PARAMETERS
    this.total = inputs.a.x + inputs.b.x + extra;
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, ParamsFlow);
