/**
 * The flow graph as a Mermaid `flowchart TD`.
 * @module
 */
import { transitionTargets } from "./transition-targets.js";
import type { FlowGraph, StepNode } from "./types.js";

/** Renders `graph` as Mermaid flowchart text (node ids are prefixed, since `end` is a Mermaid keyword). */
export function renderGraphMermaid(graph: FlowGraph): string {
  const lines = ["flowchart TD"];
  const steps = graph.order.flatMap((n) => {
    const s = graph.steps[n];
    return s === undefined ? [] : [s];
  });
  for (const step of steps) lines.push(`  ${nodeId(step.name)}${shape(step)}`);
  for (const step of steps) {
    const t = step.transition;
    const known = (to: string): boolean => Object.hasOwn(graph.steps, to);
    switch (t.kind) {
      case "switch":
        for (const [key, to] of Object.entries(t.cases)) if (known(to)) lines.push(`  ${nodeId(step.name)} -->|"${label(`${t.condition} = ${key}`)}"| ${nodeId(to)}`);
        break;
      case "foreach":
        if (known(t.to)) lines.push(`  ${nodeId(step.name)} -->|"${label(`foreach ${t.over}`)}"| ${nodeId(t.to)}`);
        break;
      case "linear":
      case "branch":
      case "end":
        for (const to of transitionTargets(t)) if (known(to)) lines.push(`  ${nodeId(step.name)} --> ${nodeId(to)}`);
        break;
      default: {
        const never: never = t;
        return never;
      }
    }
  }
  return `${lines.join("\n")}\n`;
}

function nodeId(name: string): string {
  return `step_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

function shape(step: StepNode): string {
  const text = `"${label(step.name)}"`;
  if (step.name === "start" || step.name === "end") return `([${text}])`;
  if (step.transition.kind === "switch") return `{${text}}`;
  if (step.join) return `[[${text}]]`;
  return `[${text}]`;
}

function label(text: string): string {
  return text.replace(/"/g, "#quot;").replace(/[<>]/g, (c) => (c === "<" ? "#lt;" : "#gt;"));
}
