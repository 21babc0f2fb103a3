/**
 * Behaviour of step decorators a flow defines itself: `createStepDecorator(name, { wrapTask, validate })`
 * in the flow file (or a module it imports) registers it here when the module loads, so that both the
 * command that starts the run (which validates decorators) and every task (which runs the step through
 * `wrapTask`) find it. Process-wide (shared by every copy of this module, as the flow's code package has
 * its own), like the card renderers a flow registers.
 * @module
 */
import type { StepDecoratorImplementation } from "./decorator-behaviour.js";

const registry: Map<string, StepDecoratorImplementation> = ((globalThis as Record<symbol, unknown>)[Symbol.for("metaflow-ts.stepDecoratorImplementations")] ??= new Map()) as Map<string, StepDecoratorImplementation>;

/** Registers the behaviour of a user-defined step decorator; a later registration of the name replaces it (a flow module may load more than once). */
export function registerUserStepDecorator(impl: StepDecoratorImplementation): void {
  registry.set(impl.name, impl);
}

/** The implementations given by the composition root, followed by the flow's own (a built-in name cannot be replaced). */
export function withUserStepDecorators(builtins: readonly StepDecoratorImplementation[]): StepDecoratorImplementation[] {
  if (registry.size === 0) return [...builtins];
  const known = new Set(builtins.map((i) => i.name));
  return [...builtins, ...[...registry.values()].filter((i) => !known.has(i.name))];
}
