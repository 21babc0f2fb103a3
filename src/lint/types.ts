/**
 * Lint findings are data; the CLI formats them.
 * @module
 */
import type { SourceLocation } from "../errors.js";

/** One problem found in a flow's graph or source. */
export interface Diagnostic {
  /** Stable code, e.g. `JOIN_WITHOUT_SPLIT`. */
  readonly code: string;
  readonly severity: "error" | "warning";
  /** The full human message: names the step and says how to fix it. */
  readonly message: string;
  readonly step?: string;
  readonly source?: SourceLocation;
}
