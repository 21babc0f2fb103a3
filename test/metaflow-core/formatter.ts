/**
 * Metaflow's `FlowFormatter`, for TypeScript: writes the flow of a (graph, test) pair. Every
 * graph step gets the first test body (by priority) whose qualifiers meet the step's, the
 * test's decorators, the graph's foreach variable and the graph's transition. A pair is
 * invalid when a graph step has no body, or a required body is unused.
 * @module
 */
import type { CoreTest, TestStep } from "./core-test.js";
import { qualsOf, type GraphDef, type GraphNode } from "./graphs.js";

/** Helpers every generated flow has (Metaflow's `metaflow_test` functions). */
const header = [
  'import { isDeepStrictEqual } from "node:util";',
  'import { FlowSpec, step, current, retry, catchError, timeout, environment, Parameter, IncludeFile, Config, configExpr, main, MetaflowError, Flow, Run, Task } from "metaflow-ts";',
  "",
  "/** Thrown when an expectation fails. */",
  "class ExpectationFailed extends Error {",
  "  override name = \"ExpectationFailed\";",
  "}",
  "function assertEquals(expected: unknown, got: unknown): void {",
  "  if (!isDeepStrictEqual(expected, got)) throw new ExpectationFailed(`Expected result: ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);",
  "}",
  "function assertThrows(f: () => unknown, check: (e: unknown) => boolean = () => true): void {",
  "  try {",
  "    f();",
  "  } catch (e) {",
  "    if (!check(e)) throw new ExpectationFailed(`unexpected exception: ${String(e)}`);",
  "    return;",
  "  }",
  "  throw new ExpectationFailed(\"no exception\");",
  "}",
  "/** Metaflow's TestRetry. */",
  "class TestRetry extends Error {",
  "  override name = \"TestRetry\";",
  "}",
  "void assertEquals; void assertThrows; void TestRetry; void current; void MetaflowError; void IncludeFile; void Config; void configExpr; void Flow; void Run; void Task;",
];

/** The flow of a pair, or why the pair is not a valid combination. */
export type Formatted = { readonly valid: true; readonly flowName: string; readonly source: string } | { readonly valid: false; readonly reason: string };

/** Formats the flow of `test` on `graph`. */
export function formatFlow(graph: GraphDef, test: CoreTest): Formatted {
  if (test.skipGraphs?.includes(graph.name)) return { valid: false, reason: "the test skips this graph" };
  if (test.onlyGraphs !== undefined && !test.onlyGraphs.includes(graph.name)) return { valid: false, reason: "the test runs on other graphs only" };
  const bodies = [...test.steps].sort((a, b) => a.prio - b.prio);
  const used = new Set<TestStep>();
  const flowName = `${test.name}Flow`;
  const lines = [...header, ...(test.prelude ?? []), "", ...(test.flowDecorators ?? []).map((d) => `@${d}`), `export default class ${flowName} extends FlowSpec {`, "  [artifact: string]: any;", ...(test.members ?? []).map((m) => `  ${m}`)];
  for (const [name, node] of Object.entries(graph.steps)) {
    const quals = qualsOf(name, node);
    const body = bodies.find((b) => b.quals.some((q) => quals.has(q)));
    if (body === undefined) return { valid: false, reason: `no body for step ${name}` };
    used.add(body);
    lines.push("", ...(body.decorators ?? []).map((d) => `  @${d}`), "  @step", `  async ${name}(${node.join ? "inputs: any" : ""}) {`);
    if (node.foreach !== undefined) lines.push(`    this.${node.foreach.over} = ${node.foreach.init};`);
    lines.push("    {", ...body.code.map((l) => `      ${l}`), "    }");
    const next = nextCall(node);
    if (next !== undefined) lines.push(`    ${next}`);
    lines.push("  }");
  }
  if (bodies.some((b) => b.required && !used.has(b))) return { valid: false, reason: "a required step body is unused" };
  lines.push("}", "", `main(import.meta, ${flowName});`, "");
  return { valid: true, flowName, source: lines.join("\n") };
}

function nextCall(node: GraphNode): string | undefined {
  if (node.linear !== undefined) return `this.next(this.${node.linear});`;
  if (node.branch !== undefined) return `this.next(${node.branch.map((b) => `this.${b}`).join(", ")});`;
  if (node.foreach !== undefined) return `this.next(this.${node.foreach.to}, { foreach: ${JSON.stringify(node.foreach.over)} });`;
  if (node.switch !== undefined) {
    const cases = Object.entries(node.switch.cases).map(([k, v]) => `${k}: this.${v}`).join(", ");
    return `this.next({ ${cases} }, { condition: ${JSON.stringify(node.switch.condition)} });`;
  }
  if (node.parallel !== undefined) return `this.next(this.${node.parallel.to}, { numParallel: ${node.parallel.num} });`;
  return undefined;
}
