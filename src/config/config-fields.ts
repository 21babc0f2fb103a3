/**
 * Configs in a task: each config field of the flow instance reads the run's stored config
 * (an artifact of `_parameters`, passed by reference like any other), as a deep read-only view
 * unless the config is `plain`. Assigning the field throws, as for a parameter.
 * @module
 */
import type { ConfigFieldDeclaration } from "./config-declaration.js";
import { readOnlyConfig } from "./read-only-view.js";

/** The task's artifact state, as far as config fields need it. */
export interface ConfigFieldState {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
}

/** Defines `instance[decl.field]` as the read-only view of the stored config. */
export function defineConfigField(instance: object, decl: ConfigFieldDeclaration, state: ConfigFieldState): void {
  if (decl.options.plain === true) return;
  let cached: { value: unknown } | undefined;
  Object.defineProperty(instance, decl.field, {
    get: () => (cached ??= { value: readOnlyConfig(state.get(decl.field), decl.name) }).value,
    set: (v: unknown) => state.set(decl.field, v),
    enumerable: true,
    configurable: true,
  });
}
