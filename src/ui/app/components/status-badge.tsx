/**
 * A status as text with a symbol (colour only adds to them, never replaces them).
 * @module
 */
import type { JSX } from "preact";

const SYMBOL: Readonly<Record<string, string>> = { succeeded: "✓", failed: "✗", running: "●", pending: "○", dead: "⊘", loading: "…" };

/** `✓ succeeded`, `✗ failed`, `● running`, `○ pending`, `⊘ dead` (a run whose scheduler stopped). */
export function StatusBadge(props: { readonly status: string }): JSX.Element {
  return (
    <span class={`status status-${props.status}`} data-status={props.status}>
      <span aria-hidden="true">{SYMBOL[props.status] ?? "?"} </span>
      {props.status}
    </span>
  );
}
