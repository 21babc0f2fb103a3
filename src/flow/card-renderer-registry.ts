/**
 * Card types a flow brings itself: `registerCardRenderer(renderer)` at the top level of the flow
 * file (or of a module it imports) makes `@card({ type })` accept the renderer's type, in the
 * command that checks the flow and in every task that renders its cards. Process-wide (shared by
 * every copy of this module, as the flow's code package has its own), so that the registration
 * made while the flow module loads is seen by the runtime.
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import type { CardRenderer } from "./card-renderer.js";

const registry: Map<string, CardRenderer> = ((globalThis as Record<symbol, unknown>)[Symbol.for("metaflow-ts.cardRenderers")] ??= new Map()) as Map<string, CardRenderer>;

/**
 * Registers a card type for this process: call it at the top level of the flow file (or a module
 * it imports), so that both `run` (which checks `@card({ type })`) and the tasks see it. A type
 * registered again replaces the earlier renderer (a flow module may be loaded more than once).
 *
 * @example
 * ```ts
 * registerCardRenderer({ type: "summary", allowUserComponents: false, async render(input) { return `<!doctype html>...`; } });
 * ```
 */
export function registerCardRenderer(renderer: CardRenderer): void {
  if (typeof renderer?.type !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(renderer.type) || typeof renderer.render !== "function") {
    throw new MetaflowError(ErrorCode.UsageError, "registerCardRenderer(renderer) needs { type, render(input) } with a type of 1-64 letters, digits, '_' or '-'.");
  }
  registry.set(renderer.type, renderer);
}

/** The renderers given by the composition root, followed by the ones the flow registered (a built-in type cannot be replaced). */
export function withRegisteredCardRenderers(builtins: readonly CardRenderer[]): CardRenderer[] {
  const known = new Set(builtins.map((r) => r.type));
  return [...builtins, ...[...registry.values()].filter((r) => !known.has(r.type))];
}
