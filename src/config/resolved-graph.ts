/**
 * The flow graph with config-driven decorator arguments shown as the values they resolved to,
 * for `show`: `@resources({ cpu: config.resources.cpu })` prints as `@resources({ cpu: 4 })`.
 * Decorators without config values keep their source text. Pure.
 * @module
 */
import type { AppliedDecorator } from "../flow/metadata-keys.js";
import type { DecoratorRef, FlowGraph } from "../graph/types.js";
import { hasDeferred } from "./resolve-deferred.js";

/** Decorators before (as loaded, with deferred values) and after configuration. */
export interface DecoratorVersions {
  readonly stepDecorators: { loaded: ReadonlyMap<string, readonly AppliedDecorator[]>; resolved: ReadonlyMap<string, readonly AppliedDecorator[]> };
  readonly flowDecorators: { loaded: readonly AppliedDecorator[]; resolved: readonly AppliedDecorator[] };
}

/** `graph` with the arguments of config-driven decorators replaced by their resolved values. */
export function graphWithResolvedDecorators(graph: FlowGraph, v: DecoratorVersions): FlowGraph {
  const steps = Object.fromEntries(
    Object.entries(graph.steps).map(([name, node]) => [
      name,
      { ...node, decorators: resolveRefs(node.decorators, v.stepDecorators.loaded.get(name) ?? [], v.stepDecorators.resolved.get(name) ?? []) },
    ]),
  );
  return { ...graph, decorators: resolveRefs(graph.decorators, v.flowDecorators.loaded, v.flowDecorators.resolved), steps };
}

function resolveRefs(refs: readonly DecoratorRef[], loaded: readonly AppliedDecorator[], resolved: readonly AppliedDecorator[]): DecoratorRef[] {
  const seen = new Map<string, number>();
  return refs.map((ref) => {
    const k = seen.get(ref.name) ?? 0;
    seen.set(ref.name, k + 1);
    const indexes = loaded.flatMap((d, i) => (d.name === ref.name ? [i] : []));
    const i = indexes[k];
    const before = i === undefined ? undefined : loaded[i];
    const after = i === undefined ? undefined : resolved[i];
    if (before === undefined || after === undefined || !hasDeferred(before.attributes)) return ref;
    return { ...ref, argsText: formatLiteral(after.attributes) };
  });
}

/** A value as a TypeScript literal: `{ cpu: 4, tags: ["a"] }`. */
export function formatLiteral(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(formatLiteral).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${formatLiteral(v)}`);
    return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
  }
  return JSON.stringify(value) ?? String(value);
}
