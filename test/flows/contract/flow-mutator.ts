/**
 * A flow decorator of the user's own that mutates the flow (DESIGN.md §1): `@retryAll({ times })`
 * adds `@retry` to every step that lacks it, so a step that fails on its first attempt succeeds on
 * its second, and `@tagStep` (a step decorator with behaviour) to `end`.
 */
import { FlowSpec, step, retry, current, main } from "metaflow-ts";
import { createFlowDecorator, createStepDecorator } from "metaflow-ts/plugin";

const tagStep = createStepDecorator("tagStep", {
  async wrapTask(ctx, next) {
    await next();
    ctx.setArtifact("taggedBy", `tagStep@${ctx.step}`);
  },
});

const retryAll = createFlowDecorator<{ times?: number }>("retryAll", {
  mutate(flow, { times = 1 }) {
    for (const s of flow.steps) flow.addStepDecorator(s, retry, { times });
    flow.addStepDecorator("end", tagStep);
  },
});

@retryAll({ times: 2 })
export default class FlowMutatorFlow extends FlowSpec {
  attempts!: number;

  @retry({ times: 0 })
  @step
  start() {
    this.attempts = 1;
    this.next(this.flaky);
  }

  @step
  flaky() {
    if (current.retryCount === 0) throw new Error("first attempt fails on purpose");
    this.attempts = current.retryCount + 1;
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, FlowMutatorFlow);
