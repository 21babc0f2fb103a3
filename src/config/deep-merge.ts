/**
 * Layering: configs from several files (or values) deep-merged in order, keeping the source
 * of every value. Objects merge key by key; anything else (scalars, arrays) is replaced by the
 * later layer. Pure.
 * @module
 */
import { isPlainObject, pathKey, type PathSegment } from "./config-path.js";
import type { Provenance, Sourced, ValueSource } from "./provenance.js";

/** Merges `layers` in order (later wins); the provenance follows the winning values. */
export function mergeLayers(layers: readonly Sourced[]): Sourced {
  let acc: Sourced | undefined;
  for (const layer of layers) acc = acc === undefined ? layer : mergeTwo(acc, layer);
  return acc ?? { value: undefined, provenance: new Map() };
}

function mergeTwo(base: Sourced, top: Sourced): Sourced {
  if (!isPlainObject(base.value) || !isPlainObject(top.value)) return top;
  const provenance = new Map(base.provenance);
  const value = mergeValue(base.value, top.value, [], provenance, top.provenance);
  return { value, provenance };
}

function mergeValue(
  base: Record<string, unknown>,
  top: Record<string, unknown>,
  at: readonly PathSegment[],
  out: Map<string, { path: readonly PathSegment[]; source: ValueSource }>,
  topProv: Provenance,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  // An empty object in the base was a leaf; it is no longer one once keys merge into it.
  if (Object.keys(base).length === 0 && Object.keys(top).length > 0) out.delete(pathKey(at));
  for (const [key, value] of Object.entries(top)) {
    const path = [...at, key];
    const old = merged[key];
    if (isPlainObject(old) && isPlainObject(value)) {
      // An empty object on top adds nothing to an object below it.
      if (Object.keys(value).length > 0) merged[key] = mergeValue(old, value, path, out, topProv);
    } else {
      removeUnder(out, path);
      merged[key] = value;
      copyUnder(topProv, path, out);
    }
  }
  return merged;
}

/** Removes the provenance of `path` and everything under it. */
export function removeUnder(prov: Map<string, { path: readonly PathSegment[]; source: ValueSource }>, path: readonly PathSegment[]): void {
  for (const [k, v] of prov) if (startsWith(v.path, path)) prov.delete(k);
}

function copyUnder(from: Provenance, path: readonly PathSegment[], to: Map<string, { path: readonly PathSegment[]; source: ValueSource }>): void {
  for (const [k, v] of from) if (startsWith(v.path, path)) to.set(k, v);
}

function startsWith(path: readonly PathSegment[], prefix: readonly PathSegment[]): boolean {
  return prefix.length <= path.length && prefix.every((seg, i) => path[i] === seg);
}
