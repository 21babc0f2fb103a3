/**
 * Values as a card shows them: a readable text preview, cut to a length, always escaped.
 * @module
 */
import { inspect } from "node:util";
import { html, type SafeHtml } from "./escape.js";

/** Longest preview, in characters. */
export const PREVIEW_CHARS = 2000;

/** A text rendering of `value`: strings as they are, anything else as `util.inspect` shows it. */
export function previewText(value: unknown, max = PREVIEW_CHARS): string {
  const text =
    typeof value === "string" ? value
    : value instanceof Uint8Array ? `${value.constructor.name}(${value.byteLength.toLocaleString("en-US")} bytes)`
    : inspect(value, { depth: 4, breakLength: 100, compact: 3, maxArrayLength: 100, maxStringLength: max, colors: false, sorted: false });
  return text.length <= max ? text : `${text.slice(0, max - 1)}… (${text.length.toLocaleString("en-US")} chars in all)`;
}

/** The preview as a `<pre>` block (short single-line values as `<code>`). */
export function previewHtml(value: unknown, max = PREVIEW_CHARS): SafeHtml {
  const text = previewText(value, max);
  return text.length <= 80 && !text.includes("\n") ? html`<code>${text}</code>` : html`<pre>${text}</pre>`;
}


/** A duration for people: `850 ms`, `12.3 s`, `4 min 05 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
}
