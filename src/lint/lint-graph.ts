/**
 * Runs the lint rules over a flow graph.
 * @module
 */
import type { FlowGraph } from "../graph/types.js";
import { lintStages } from "./checks/index.js";
import type { Diagnostic } from "./types.js";

/**
 * Checks a flow graph against every rule of a valid Metaflow graph and returns the problems
 * found (empty for a valid graph). Stops after the first stage that finds an error.
 */
export function lintGraph(graph: FlowGraph): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const stage of lintStages) {
    for (const check of stage) found.push(...check.check(graph));
    if (found.some((d) => d.severity === "error")) break;
  }
  return found;
}
