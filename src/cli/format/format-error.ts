/**
 * How the CLI shows an error: headline, message, location; a stack only for bugs.
 * @module
 */
import { MetaflowError } from "../../public/index.js";
import { formatDiagnostic } from "../../lint/format-diagnostic.js";
import type { Diagnostic } from "../../lint/types.js";

/** Text for an error that stopped a command. */
export function formatError(error: unknown): string {
  const diagnostics = (error as { diagnostics?: readonly Diagnostic[] }).diagnostics;
  if (error instanceof MetaflowError && diagnostics !== undefined) {
    return [`${error.headline}:`, ...diagnostics.map((d) => `  ${formatDiagnostic(d)}`)].join("\n");
  }
  if (error instanceof MetaflowError) {
    const where = error.source ? `\n  at ${error.source.file}:${error.source.line}${error.source.column ? `:${error.source.column}` : ""}` : "";
    return `${error.headline}: ${error.message}${where}`;
  }
  const e = error as Error;
  return `Internal error (this is a bug in metaflow-ts; please report it):\n${e?.stack ?? String(error)}`;
}
