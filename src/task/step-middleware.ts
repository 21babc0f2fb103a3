/**
 * Runs a step through the `wrapTask` middleware of its decorators.
 * @module
 */
import type { AppliedDecorator } from "../flow/metadata-keys.js";
import type { StepDecoratorImplementation, StepTaskContext } from "../flow/decorator-behaviour.js";

/** Runs `step` inside the `wrapTask` of each decorator, the first one outermost. */
export function composeStepMiddleware(
  applied: readonly AppliedDecorator[],
  impls: readonly StepDecoratorImplementation[],
  makeContext: (d: AppliedDecorator) => StepTaskContext,
  step: () => Promise<void>,
): () => Promise<void> {
  let run = step;
  for (const d of [...applied].reverse()) {
    const impl = impls.find((i) => i.name === d.name);
    if (impl?.wrapTask === undefined) continue;
    const inner = run;
    const wrap = impl.wrapTask.bind(impl);
    run = () => wrap(makeContext(d), inner);
  }
  return run;
}
