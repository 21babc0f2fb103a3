/**
 * A step decorator of the user's own, with behaviour: `@timed` wraps the step (DESIGN.md §1: user-defined
 * step decorators are a public extension point), stores what it saw as artifacts and logs a line.
 */
import { FlowSpec, step, main } from "metaflow-ts";
import { createStepDecorator } from "metaflow-ts/plugin";

/** Wraps a step: records its name, an attribute and whether the step body ran inside the wrapper. */
const timed = createStepDecorator<{ label?: string }>("timed", {
  attributes: ["label"],
  async wrapTask(ctx, next) {
    ctx.log(`timed: before ${ctx.step}`);
    await next();
    ctx.setArtifact("timedLabel", ctx.attributes["label"] ?? "none");
    ctx.setArtifact("timedStep", ctx.step);
    ctx.log(`timed: after ${ctx.step}`);
  },
});

export default class UserDecoratorFlow extends FlowSpec {
  ran!: boolean;

  @timed({ label: "first" })
  @step
  start() {
    this.ran = true;
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, UserDecoratorFlow);
