/**
 * The flow graph in Graphviz DOT (`show --format dot`).
 * @module
 */
import type { FlowGraph, StepNode } from "./types.js";

/** Renders `graph` as a DOT digraph: one record node per step (name and kind), labelled edges for foreach and switch. */
export function renderGraphDot(graph: FlowGraph): string {
  const lines = [`digraph ${quote(graph.flowName)} {`, '  node [shape=record, fontname="Helvetica"];'];
  const steps = graph.order.flatMap((n) => {
    const s = graph.steps[n];
    return s === undefined ? [] : [s];
  });
  for (const step of steps) lines.push(`  ${quote(step.name)} [label=${quote(`{${step.name}|${kind(step)}}`)}];`);
  for (const step of steps) {
    const t = step.transition;
    const edge = (to: string, label?: string): void => {
      if (Object.hasOwn(graph.steps, to)) lines.push(`  ${quote(step.name)} -> ${quote(to)}${label === undefined ? "" : ` [label=${quote(label)}]`};`);
    };
    switch (t.kind) {
      case "linear":
        edge(t.to);
        break;
      case "branch":
        for (const to of t.to) edge(to);
        break;
      case "foreach":
        edge(t.to, `foreach ${t.over}`);
        break;
      case "switch":
        for (const [key, to] of Object.entries(t.cases)) edge(to, `${t.condition} = ${key}`);
        break;
      case "end":
        break;
      default: {
        const never: never = t;
        return never;
      }
    }
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

function kind(step: StepNode): string {
  if (step.join) return "join";
  if (step.name === "start" || step.name === "end") return step.name;
  return step.transition.kind;
}

function quote(text: string): string {
  return `"${text.replace(/["\\{}|<>]/g, (c) => (c === "{" || c === "}" || c === "|" ? c : `\\${c}`))}"`;
}
