/** The text, Mermaid and JSON renderings of a graph. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseFlowSource } from "../../src/graph/parse-flow-source.js";
import { renderGraphDot } from "../../src/graph/render-dot.js";
import { renderGraphJson } from "../../src/graph/render-json.js";
import { renderGraphMermaid } from "../../src/graph/render-mermaid.js";
import { renderGraphText } from "../../src/graph/render-text.js";
import type { FlowGraph } from "../../src/graph/types.js";

const SOURCE = `import { FlowSpec, step, retry, schedule, main, type Inputs } from "metaflow-ts";
/** A flow with every kind of transition. */
@schedule({ daily: true })
export default class AllFlow extends FlowSpec {
  /** Starts things. */
  @step start() { this.next(this.a, this.b); }
  @retry({ times: 2 })
  @step a() { this.next(this.body, { foreach: "items" }); }
  @step body() { this.next(this.joinA); }
  @step joinA(inputs: Inputs<AllFlow>) { this.next(this.join); }
  @step b() { this.next({ hot: this.c, "very cold": this.d }, { condition: "temp" }); }
  @step c() { this.next(this.m); }
  @step d() { this.next(this.m); }
  @step m() { this.next(this.join); }
  @step join(inputs: Inputs<AllFlow>) { this.next(this.end); }
  @step end() {}
}
main(import.meta, AllFlow);`;

function graph(): FlowGraph {
  const { graph: g } = parseFlowSource(SOURCE, "all.ts");
  assert.ok(g !== undefined);
  return g;
}

test("text: steps in order with docs, decorators and transitions in words", () => {
  const text = renderGraphText(graph());
  assert.ok(text.startsWith("Flow AllFlow  (all.ts)\n  @schedule({ daily: true })\n  A flow with every kind of transition.\n"));
  assert.ok(text.includes("Step start\n    Starts things.\n    => a, b\n"));
  assert.ok(text.includes("Step a\n    @retry({ times: 2 })\n    foreach items => body\n"));
  assert.ok(text.includes("Step joinA  (join of a)\n    => join\n"));
  assert.ok(text.includes("Step b\n    switch on temp: hot => c, very cold => d\n"));
  assert.ok(text.includes("Step join  (join of start)\n"));
  assert.ok(text.endsWith("Step end\n    (end of the flow)\n"));
  const order = [...text.matchAll(/^Step (\w+)/gm)].map((m) => m[1]);
  assert.deepEqual(order, graph().order);
});

test("text: resolved decorators replace the ones written in the source", () => {
  const text = renderGraphText(graph(), { a: ["@retry({ times: 5 })", "timeout({ seconds: 60 })"] });
  assert.ok(text.includes("Step a\n    @retry({ times: 5 })\n    @timeout({ seconds: 60 })\n    foreach items => body\n"));
});

test("mermaid: a flowchart with every step and edge, `end` safely renamed", () => {
  const text = renderGraphMermaid(graph());
  const lines = text.trimEnd().split("\n");
  assert.equal(lines[0], "flowchart TD");
  assert.ok(lines.includes('  step_start(["start"])'));
  assert.ok(lines.includes('  step_end(["end"])'));
  assert.ok(lines.includes('  step_b{"b"}'));
  assert.ok(lines.includes('  step_joinA[["joinA"]]'));
  assert.ok(lines.includes("  step_start --> step_a"));
  assert.ok(lines.includes('  step_a -->|"foreach items"| step_body'));
  assert.ok(lines.includes('  step_b -->|"temp = very cold"| step_d'));
  assert.equal(lines.filter((l) => l.includes("-->")).length, 11);
  assert.ok(!/\bend\b(?!")/.test(text.replace(/step_end/g, "")), "no bare `end` node id");
});

test("json: parseable, complete and stable", () => {
  const g = graph();
  const text = renderGraphJson(g);
  assert.equal(text, renderGraphJson(graph()));
  const json = JSON.parse(text) as { flowName: string; order: string[]; steps: Record<string, { transition: unknown; matchingSplit: string | null; splitParents: string[] }> };
  assert.equal(json.flowName, "AllFlow");
  assert.deepEqual(Object.keys(json.steps), g.order);
  assert.deepEqual(json.steps["b"]?.transition, { kind: "switch", condition: "temp", cases: { hot: "c", "very cold": "d" } });
  assert.equal(json.steps["joinA"]?.matchingSplit, "a");
  assert.deepEqual(json.steps["body"]?.splitParents, ["start", "a"]);
});

test("dot: a digraph with a record per step and labelled edges", () => {
  const text = renderGraphDot(graph());
  assert.ok(text.startsWith('digraph "AllFlow" {\n'));
  assert.ok(text.includes('  "joinA" [label="{joinA|join}"];'));
  assert.ok(text.includes('  "a" -> "body" [label="foreach items"];'));
  assert.ok(text.includes('  "b" -> "d" [label="temp = very cold"];'));
  assert.ok(text.endsWith("}\n"));
});
