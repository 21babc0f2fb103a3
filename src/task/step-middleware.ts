/**
 * Runs a step through the `wrapTask` middleware of its decorators.
 * @module
 */
import type { AppliedDecorator } from "../flow/metadata-keys.js";
import type { StepDecoratorImplementation, StepTaskContext } from "../flow/decorator-behaviour.js";
import { withUserStepDecorators } from "../flow/user-step-decorators.js";

/** Runs `step` inside the `wrapTask` of each decorator (built-in or the flow's own), the first one outermost. */
export function composeStepMiddleware(
  applied: readonly AppliedDecorator[],
  impls: readonly StepDecoratorImplementation[],
  makeContext: (d: AppliedDecorator) => StepTaskContext,
  step: () => Promise<void>,
): () => Promise<void> {
  const all = withUserStepDecorators(impls);
  let run = step;
  for (const d of [...applied].reverse()) {
    const impl = all.find((i) => i.name === d.name);
    if (impl?.wrapTask === undefined) continue;
    const inner = run;
    const wrap = impl.wrapTask.bind(impl);
    run = () => wrap(makeContext(d), inner);
  }
  return run;
}
