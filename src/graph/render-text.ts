/**
 * The flow graph as text, for `show`: the flow, then every step in order with its doc
 * comment, decorators and transition.
 * @module
 */
import { describeTransition } from "./describe-transition.js";
import type { DecoratorRef, FlowGraph, StepNode } from "./types.js";

/**
 * Renders `graph` for a terminal.
 * @param resolvedDecorators optional step name -> decorator texts (e.g. with configs resolved)
 *   to print instead of the decorators as written in the source
 */
export function renderGraphText(graph: FlowGraph, resolvedDecorators?: Readonly<Record<string, readonly string[]>>): string {
  const lines: string[] = [`Flow ${graph.flowName}  (${graph.file})`];
  for (const deco of graph.decorators) lines.push(`  ${decoratorText(deco)}`);
  if (graph.doc !== undefined) lines.push(...indent(graph.doc, "  "));
  for (const name of graph.order) {
    const step = graph.steps[name];
    if (step === undefined) continue;
    lines.push("", stepHeader(step));
    if (step.doc !== undefined) lines.push(...indent(step.doc, "    "));
    const decorators = resolvedDecorators?.[name] ?? step.decorators.map(decoratorText);
    for (const text of decorators) lines.push(`    ${text.startsWith("@") ? text : `@${text}`}`);
    lines.push(`    ${describeTransition(step.transition)}`);
  }
  return `${lines.join("\n")}\n`;
}

function stepHeader(step: StepNode): string {
  if (!step.join) return `Step ${step.name}`;
  return step.matchingSplit === undefined ? `Step ${step.name}  (join)` : `Step ${step.name}  (join of ${step.matchingSplit})`;
}

/** `@retry({ times: 2 })`, or `@retry` for a bare decorator. */
export function decoratorText(deco: DecoratorRef): string {
  return deco.argsText === undefined ? `@${deco.name}` : `@${deco.name}(${deco.argsText})`;
}

function indent(text: string, prefix: string): string[] {
  return text.split("\n").map((l) => (l === "" ? "" : `${prefix}${l}`));
}
