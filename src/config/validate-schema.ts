/**
 * Validates a config with its Standard Schema (zod, valibot, arktype...). A violation lists
 * every failing path with what was expected, what was found and where that value came from.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { ErrorCode, MetaflowError } from "../errors.js";
import { formatPath, pathKey, type PathSegment } from "./config-path.js";
import { formatSource, type Provenance } from "./provenance.js";

/** Validates `value`; resolves to the schema's output (which may transform or fill defaults). */
export async function validateConfig(name: string, schema: StandardSchemaV1, value: unknown, provenance: Provenance, sources: readonly string[]): Promise<unknown> {
  const result = await schema["~standard"].validate(value);
  if (result.issues === undefined) return result.value;
  const lines = result.issues.map((issue) => {
    const path = (issue.path ?? []).map((p) => (typeof p === "object" && p !== null && "key" in p ? p.key : p)).map((k) => (typeof k === "number" ? k : String(k)));
    const found = valueAt(value, path);
    const source = sourceOf(provenance, path);
    return `  - ${formatPath([name, ...path])}: ${issue.message}; found ${found.exists ? JSON.stringify(found.value) ?? String(found.value) : "nothing (the key is missing)"}${source ? ` (from ${source})` : ""}`;
  });
  return Promise.reject(
    new MetaflowError(
      ErrorCode.ConfigError,
      `Config '${name}' does not match its schema (${result.issues.length} problem${result.issues.length > 1 ? "s" : ""}; read from ${sources.join(" + ") || "its default"}):\n${lines.join("\n")}\nFix the file(s), or override a value with --config-override ${name}.path=value.`,
      firstFileSource(provenance, result.issues[0]),
    ),
  );
}

function valueAt(value: unknown, path: readonly PathSegment[]): { exists: boolean; value?: unknown } {
  let node = value;
  for (const seg of path) {
    if (node === null || typeof node !== "object" || !Object.prototype.hasOwnProperty.call(node, seg)) return { exists: false };
    node = (node as Record<string, unknown>)[seg as string];
  }
  return { exists: true, value: node };
}

function sourceOf(provenance: Provenance, path: readonly PathSegment[]): string {
  for (let n = path.length; n >= 0; n--) {
    const hit = provenance.get(pathKey(path.slice(0, n)));
    if (hit !== undefined) return formatSource(hit.source);
  }
  // A missing key: name the file(s) its parent's keys come from.
  const prefix = JSON.stringify(path.slice(0, -1)).slice(0, -1);
  const files = new Set([...provenance.entries()].filter(([k]) => k.startsWith(prefix)).map(([, v]) => (v.source.kind === "file" ? v.source.file : formatSource(v.source))));
  return [...files].join(", ");
}

function firstFileSource(provenance: Provenance, issue: StandardSchemaV1.Issue | undefined): { source?: { file: string; line: number } } {
  if (issue === undefined) return {};
  const path = (issue.path ?? []).map((p) => (typeof p === "object" && p !== null && "key" in p ? p.key : p)).map((k) => (typeof k === "number" ? k : String(k)));
  const hit = provenance.get(pathKey(path));
  return hit?.source.kind === "file" && hit.source.line !== undefined ? { source: { file: hit.source.file, line: hit.source.line } } : {};
}
