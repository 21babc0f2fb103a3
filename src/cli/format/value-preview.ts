/**
 * Artifact values for people and for JSON: a one-line preview truncated to a length, and a
 * JSON-safe copy (Map, Set, BigInt, Date, bytes made explicit).
 * @module
 */
import { inspect } from "node:util";

/** A one-line rendering of `value`, at most `max` characters (an ellipsis and the full length mark a cut). */
export function previewValue(value: unknown, max: number): string {
  const text = inspect(value, { depth: 4, breakLength: Infinity, compact: true, maxArrayLength: 50, maxStringLength: max, colors: false });
  return truncate(text, max);
}

/** `text`, cut to `max` characters with a note of its full length. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}… (${text.length.toLocaleString("en-US")} chars)`;
}

/** A copy of `value` that `JSON.stringify` renders without loss of meaning. */
export function toJsonSafe(value: unknown, seen: Set<unknown> = new Set()): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "bigint") return { $bigint: value.toString() };
  if (value === undefined) return { $undefined: true };
  if (typeof value !== "object") return String(value);
  if (seen.has(value)) return { $circular: true };
  seen.add(value);
  try {
    if (value instanceof Date) return { $date: value.toISOString() };
    if (value instanceof Uint8Array) return { $bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") };
    if (ArrayBuffer.isView(value)) return { $typedArray: value.constructor.name, values: Array.from(value as unknown as ArrayLike<number>, (x) => toJsonSafe(x, seen)) };
    if (value instanceof Map) return { $map: [...value].map(([k, v]) => [toJsonSafe(k, seen), toJsonSafe(v, seen)]) };
    if (value instanceof Set) return { $set: [...value].map((v) => toJsonSafe(v, seen)) };
    if (value instanceof Error) return { $error: value.name, message: value.message };
    if (Array.isArray(value)) return value.map((v) => toJsonSafe(v, seen));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSafe(v, seen)]));
  } finally {
    seen.delete(value);
  }
}

export { formatBytes } from "../../format/byte-size.js";

/** A duration for people: `850ms`, `12.3s`, `4m 05s`, `2h 03m`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}
