/** Test helpers: lint a flow made of the given step methods. */
import assert from "node:assert/strict";
import { parseFlowSource } from "../../src/graph/parse-flow-source.js";
import type { FlowGraph } from "../../src/graph/types.js";
import { lintGraph } from "../../src/lint/lint-graph.js";
import type { Diagnostic } from "../../src/lint/types.js";

/** Wraps step methods into a flow file whose class body starts on line 3. */
export function flowSource(body: string): string {
  return `import { FlowSpec, step, main, type Inputs } from "metaflow-ts";\nexport default class TestFlow extends FlowSpec {\n${body}\n}\nmain(import.meta, TestFlow);\n`;
}

/** Parses a flow made of `body` (must parse) and returns its graph. */
export function graphOf(body: string): FlowGraph {
  const { graph, diagnostics } = parseFlowSource(flowSource(body), "test.ts");
  assert.deepEqual(diagnostics, []);
  assert.ok(graph !== undefined);
  return graph;
}

/** Parses and lints a flow made of `body`. */
export function lint(body: string): Diagnostic[] {
  return lintGraph(graphOf(body));
}

/** Asserts exactly one diagnostic with `code`, on `line` (1-based, in the whole file), whose message contains `words`. */
export function expectOne(diagnostics: readonly Diagnostic[], code: string, line: number, words: readonly string[] = []): Diagnostic {
  assert.equal(diagnostics.length, 1, diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n"));
  const [d] = diagnostics;
  assert.ok(d !== undefined);
  assert.equal(d.code, code, d.message);
  assert.equal(d.source?.line, line, d.message);
  for (const w of words) assert.ok(d.message.includes(w), `${JSON.stringify(w)} not in: ${d.message}`);
  return d;
}
