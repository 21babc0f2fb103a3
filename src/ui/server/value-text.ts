/**
 * Values as the UI shows and downloads them: a readable multi-line preview cut at a size limit,
 * and a download body (raw bytes, text or JSON). Escaping is the browser app's job: these are
 * plain strings in JSON.
 * @module
 */
import { inspect } from "node:util";

/** Characters of a preview before it is cut. */
export const PREVIEW_LIMIT = 4000;

/** A readable rendering of `value`, at most `max` characters. */
export function previewText(value: unknown, max = PREVIEW_LIMIT): { readonly preview: string; readonly truncated: boolean } {
  const text =
    typeof value === "string"
      ? value
      : inspect(value, { depth: 6, breakLength: 100, compact: 3, maxArrayLength: 200, maxStringLength: max, colors: false, sorted: false });
  return text.length <= max ? { preview: text, truncated: false } : { preview: text.slice(0, max), truncated: true };
}

/** What a download of a value sends. */
export interface DownloadBody {
  readonly body: Uint8Array | string;
  readonly contentType: string;
  readonly extension: string;
}

/** The value as a file: bytes as they are, strings as text, the rest as JSON (or inspected text when JSON cannot hold it). */
export function downloadBody(value: unknown): DownloadBody {
  if (value instanceof Uint8Array) return { body: value, contentType: "application/octet-stream", extension: "bin" };
  if (typeof value === "string") return { body: value, contentType: "text/plain; charset=utf-8", extension: "txt" };
  try {
    const json = JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === "bigint") return v.toString();
      if (v instanceof Map) return Object.fromEntries(v);
      if (v instanceof Set) return [...v];
      return v;
    }, 2);
    if (json !== undefined) return { body: json, contentType: "application/json; charset=utf-8", extension: "json" };
  } catch {
    // circular or otherwise not JSON: fall through to text
  }
  return { body: inspect(value, { depth: Infinity, maxArrayLength: Infinity, maxStringLength: Infinity, breakLength: 120 }), contentType: "text/plain; charset=utf-8", extension: "txt" };
}
