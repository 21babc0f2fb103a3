// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run).
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

export default class JoinSplitFlow extends FlowSpec {
  @step
  start() {
    this.next(this.a, this.b);
  }

  @step
  a() {
    this.next(this.join);
  }

  @step
  b() {
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<JoinSplitFlow>) {
    this.mergeArtifacts(inputs);
    this.next(this.c, this.d); // error: JOIN_IS_SPLIT
  }

  @step
  c() {
    this.next(this.join2);
  }

  @step
  d() {
    this.next(this.join2);
  }

  @step
  join2(inputs: Inputs<JoinSplitFlow>) {
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, JoinSplitFlow);
