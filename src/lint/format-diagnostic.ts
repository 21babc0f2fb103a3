/**
 * Formats a diagnostic as one line of text (the only formatting in `lint/`).
 * @module
 */
import { formatLocation } from "../errors.js";
import type { Diagnostic } from "./types.js";

/**
 * `file:line:col  error  message (CODE)`; without a location: `error  message (CODE)`.
 * @example formatDiagnostic(d) // "flows/a.ts:12:3  error  Step \"end\" ... (END_HAS_TRANSITION)"
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.source === undefined ? "" : `${formatLocation(d.source)}  `;
  return `${where}${d.severity}  ${d.message} (${d.code})`;
}
