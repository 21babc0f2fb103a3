// @ts-nocheck -- a deliberately broken flow, read as text by test/lint/fixtures.test.ts (never run).
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

export default class EmptyForeachFlow extends FlowSpec {
  @step
  start() {
    this.items = ["a", "b", "c"];
    this.next(this.join, { foreach: "items" }); // error: FOREACH_INTO_JOIN
  }

  @step
  join(inputs: Inputs<EmptyForeachFlow>) {
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, EmptyForeachFlow);
