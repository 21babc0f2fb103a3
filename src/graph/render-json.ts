/**
 * The flow graph as stable JSON (same graph, same bytes): fixed key order, steps in `order`.
 * @module
 */
import type { DecoratorRef, FlowGraph, StepNode, Transition } from "./types.js";
import type { SourceLocation } from "../errors.js";

/** Renders `graph` as pretty-printed JSON with a stable layout, ending with a newline. */
export function renderGraphJson(graph: FlowGraph): string {
  const steps: Record<string, unknown> = {};
  for (const name of graph.order) {
    const step = graph.steps[name];
    if (step !== undefined) steps[name] = stepJson(step);
  }
  const json = {
    flowName: graph.flowName,
    file: graph.file,
    source: location(graph.source),
    doc: graph.doc ?? null,
    decorators: graph.decorators.map(decorator),
    order: graph.order,
    steps,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function stepJson(step: StepNode): unknown {
  return {
    name: step.name,
    transition: transition(step.transition),
    join: step.join,
    inFuncs: step.inFuncs,
    splitParents: step.splitParents,
    matchingSplit: step.matchingSplit ?? null,
    doc: step.doc ?? null,
    decorators: step.decorators.map(decorator),
    source: location(step.source),
    nextSource: step.nextSource === undefined ? null : location(step.nextSource),
  };
}

function transition(t: Transition): unknown {
  switch (t.kind) {
    case "linear":
      return { kind: t.kind, to: t.to };
    case "branch":
      return { kind: t.kind, to: t.to };
    case "foreach":
      return { kind: t.kind, to: t.to, over: t.over };
    case "switch":
      return { kind: t.kind, condition: t.condition, cases: t.cases };
    case "end":
      return { kind: t.kind };
    default: {
      const never: never = t;
      return never;
    }
  }
}

function decorator(d: DecoratorRef): unknown {
  return { name: d.name, argsText: d.argsText ?? null, source: location(d.source) };
}

function location(l: SourceLocation): unknown {
  return { file: l.file, line: l.line, column: l.column ?? null };
}
