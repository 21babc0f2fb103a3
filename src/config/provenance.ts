/**
 * Where each value of a resolved config came from: a file (and line, when known), a value
 * given inline, a command-line override, or the schema (a default it filled in). Pure.
 * @module
 */
import { isPlainObject, pathKey, type PathSegment } from "./config-path.js";

/** The source of one value of a config. */
export type ValueSource =
  | { readonly kind: "file"; readonly file: string; readonly line?: number }
  | { readonly kind: "value"; readonly origin: string }
  | { readonly kind: "override"; readonly text: string }
  | { readonly kind: "schema" };

/** The source of every leaf of a config value, by path key ({@link pathKey}). */
export type Provenance = ReadonlyMap<string, { readonly path: readonly PathSegment[]; readonly source: ValueSource }>;

/** A config value with the source of each of its leaves. */
export interface Sourced {
  readonly value: unknown;
  readonly provenance: Provenance;
}

/** Builds the provenance of a whole value from one source (`lineOf` gives a leaf's line, when known). */
export function provenanceOf(value: unknown, source: ValueSource, lineOf?: (path: readonly PathSegment[]) => number | undefined): Provenance {
  const out = new Map<string, { path: readonly PathSegment[]; source: ValueSource }>();
  for (const path of leafPaths(value)) {
    const line = source.kind === "file" ? lineOf?.(path) : undefined;
    out.set(pathKey(path), { path, source: source.kind === "file" && line !== undefined ? { ...source, line } : source });
  }
  return out;
}

/** Paths of the leaves of a value: scalars, arrays and empty objects (arrays are replaced whole by a merge). */
export function leafPaths(value: unknown, prefix: readonly PathSegment[] = []): PathSegment[][] {
  if (!isPlainObject(value)) return [[...prefix]];
  const keys = Object.keys(value);
  if (keys.length === 0) return [[...prefix]];
  return keys.flatMap((k) => leafPaths(value[k], [...prefix, k]));
}

/** Formats a source for a person: `settings/base.yaml:3`, `--config-override ...`. */
export function formatSource(source: ValueSource | undefined): string {
  if (source === undefined) return "";
  switch (source.kind) {
    case "file":
      return source.line === undefined ? source.file : `${source.file}:${source.line}`;
    case "value":
      return source.origin;
    case "override":
      return source.text;
    case "schema":
      return "schema default";
    default: {
      const never: never = source;
      return String(never);
    }
  }
}
