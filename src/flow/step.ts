/**
 * The `@step` decorator.
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import { MetaKey, pushMeta } from "./metadata-keys.js";

type StepMethod = (this: unknown, ...args: never[]) => unknown;

/**
 * Marks a method of a {@link FlowSpec} subclass as a step of the flow.
 *
 * @example
 * ```ts
 * class HelloFlow extends FlowSpec {
 *   @step
 *   start() { this.next(this.end); }
 *   @step
 *   end() {}
 * }
 * ```
 */
export function step<M extends StepMethod>(method: M, context: ClassMethodDecoratorContext): M {
  if (context?.kind !== "method" || typeof method !== "function") {
    throw new MetaflowError(ErrorCode.FlowLoad, "@step can only decorate a method of a FlowSpec subclass; write `@step` (without parentheses) above the method.");
  }
  if (context.static || context.private) {
    throw new MetaflowError(ErrorCode.FlowLoad, `@step cannot decorate a ${context.static ? "static" : "private"} method (${String(context.name)}); make it a public instance method.`);
  }
  pushMeta(context.metadata, MetaKey.steps, String(context.name));
  return method;
}
