/**
 * The shape of one lint rule, and the small helpers the rules share.
 * @module
 */
import type { SourceLocation } from "../errors.js";
import type { FlowGraph, StepNode } from "../graph/types.js";
import type { Diagnostic } from "./types.js";

/** One lint rule: a stable code and a pure function of the graph. */
export interface LintCheck {
  /** The code of every diagnostic this check reports. */
  readonly code: string;
  /** Returns the problems found (empty when the graph follows the rule). */
  check(graph: FlowGraph): Diagnostic[];
}

/** An error diagnostic about one step. */
export function stepError(code: string, step: string, message: string, source: SourceLocation | undefined): Diagnostic {
  return { code, severity: "error", message, step, ...(source === undefined ? {} : { source }) };
}

/** The steps of a graph in its `order` (then any step missing from `order`). */
export function stepsInOrder(graph: FlowGraph): StepNode[] {
  const names = [...graph.order, ...Object.keys(graph.steps).filter((n) => !graph.order.includes(n))];
  return names.flatMap((n) => {
    const step = graph.steps[n];
    return step === undefined ? [] : [step];
  });
}

/** `a`, `a and b`, `a, b and c` with each name quoted. */
export function listNames(names: readonly string[]): string {
  const quoted = names.map((n) => `"${n}"`);
  const last = quoted.pop();
  if (last === undefined) return "";
  return quoted.length === 0 ? last : `${quoted.join(", ")} and ${last}`;
}
