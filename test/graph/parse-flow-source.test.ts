/** parseFlowSource: which class is the flow, steps, decorators, docs and locations. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseFlowSource } from "../../src/graph/parse-flow-source.js";

const BRANCH_FLOW = `import { FlowSpec, step, retry, catchError, resources, schedule, Parameter, main, type Inputs } from "metaflow-ts";
/**
 * Doc comment of the flow.
 * Second line.
 */
@schedule({ cron: "0 * * * *" })
export default class BranchFlow extends FlowSpec {
  alpha = Parameter("alpha", { default: 0.1 });
  /** starts things */
  @step
  start() { this.x = 1; this.next(this.a, this.b); }      // branch (static split)
  @retry({ times: 2 })
  @catchError({ var: "e" })
  @step a() { this.next(this.join); }                     // linear
  @resources({ cpu: config.resources.cpu })
  @step() b() { this.next(this.join); }
  @step join(inputs: Inputs<BranchFlow>) { this.next(this.end); }
  @retry
  @step end() {}
  helper() { return 1; }
}
main(import.meta, BranchFlow);
`;

test("reads steps, transitions, decorators, docs and locations", () => {
  const { graph, diagnostics } = parseFlowSource(BRANCH_FLOW, "flows/branch.ts");
  assert.deepEqual(diagnostics, []);
  assert.ok(graph !== undefined);
  assert.equal(graph.flowName, "BranchFlow");
  assert.equal(graph.file, "flows/branch.ts");
  assert.deepEqual(graph.source, { file: "flows/branch.ts", line: 7, column: 22 });
  assert.equal(graph.doc, "Doc comment of the flow.\nSecond line.");
  assert.deepEqual(graph.decorators, [{ name: "schedule", argsText: '{ cron: "0 * * * *" }', source: { file: "flows/branch.ts", line: 6, column: 1 } }]);
  assert.deepEqual(Object.keys(graph.steps), ["start", "a", "b", "join", "end"]);
  assert.deepEqual(graph.order, ["start", "a", "b", "join", "end"]);

  const start = graph.steps["start"];
  assert.equal(start?.doc, "starts things");
  assert.deepEqual(start?.source, { file: "flows/branch.ts", line: 11, column: 3 });
  assert.deepEqual(start?.nextSource, { file: "flows/branch.ts", line: 11, column: 25 });
  assert.deepEqual(start?.decorators, []);

  const a = graph.steps["a"];
  assert.deepEqual(
    a?.decorators.map((d) => [d.name, d.argsText, d.source.line]),
    [
      ["retry", "{ times: 2 }", 12],
      ["catchError", '{ var: "e" }', 13],
    ],
  );
  assert.equal(a?.doc, undefined);
  assert.deepEqual(graph.steps["b"]?.decorators.map((d) => d.argsText), ["{ cpu: config.resources.cpu }"]);
  assert.deepEqual(graph.steps["end"]?.decorators.map((d) => [d.name, d.argsText]), [["retry", undefined]]);
  assert.equal(graph.steps["join"]?.join, true);
  assert.equal(graph.steps["join"]?.parameterCount, 1);
  assert.equal(graph.steps["end"]?.nextSource, undefined);
  assert.equal(graph.steps["helper"], undefined);
});

test("the graph is plain JSON data", () => {
  const { graph } = parseFlowSource(BRANCH_FLOW, "f.ts");
  assert.deepEqual(JSON.parse(JSON.stringify(graph)), graph);
});

const TWO_FLOWS = `import { FlowSpec, step, main } from "metaflow-ts";
class First extends FlowSpec { @step start() { this.next(this.end); } @step end() {} }
class Second extends FlowSpec { @step start() { this.next(this.end); } @step end() {} }
`;

test("main(import.meta, X) picks the flow class", () => {
  const { graph } = parseFlowSource(`${TWO_FLOWS}main(import.meta, Second);\n`, "f.ts");
  assert.equal(graph?.flowName, "Second");
  const awaited = parseFlowSource(`${TWO_FLOWS}await main(import.meta, First);\n`, "f.ts");
  assert.equal(awaited.graph?.flowName, "First");
});

test("main() naming an unknown class is FLOW_CLASS_NOT_FOUND at the argument", () => {
  const { graph, diagnostics } = parseFlowSource(`${TWO_FLOWS}main(import.meta, Third);\n`, "f.ts");
  assert.equal(graph, undefined);
  assert.equal(diagnostics[0]?.code, "FLOW_CLASS_NOT_FOUND");
  assert.equal(diagnostics[0]?.source?.line, 4);
  assert.match(diagnostics[0]?.message ?? "", /Third/);
});

test("export default class wins over other FlowSpec classes", () => {
  const src = TWO_FLOWS.replace("class Second", "export default class Second");
  assert.equal(parseFlowSource(src, "f.ts").graph?.flowName, "Second");
  assert.equal(parseFlowSource(`${TWO_FLOWS}export default First;\n`, "f.ts").graph?.flowName, "First");
});

test("several FlowSpec classes without main() or default export are ambiguous", () => {
  const { diagnostics } = parseFlowSource(TWO_FLOWS, "f.ts");
  assert.equal(diagnostics[0]?.code, "FLOW_CLASS_AMBIGUOUS");
  assert.match(diagnostics[0]?.message ?? "", /First, Second/);
});

test("a single class extending FlowSpec (also as mf.FlowSpec) is the flow", () => {
  const src = `import * as mf from "metaflow-ts";\nclass Helper {}\nclass Only extends mf.FlowSpec { @mf.step start() { this.next(this.end); } @mf.step end() {} }\n`;
  const { graph } = parseFlowSource(src, "f.ts");
  assert.equal(graph?.flowName, "Only");
  assert.deepEqual(graph?.order, ["start", "end"]);
});

test("no flow class is FLOW_CLASS_NOT_FOUND", () => {
  const { diagnostics } = parseFlowSource(`export const x = 1;\n`, "f.ts");
  assert.equal(diagnostics[0]?.code, "FLOW_CLASS_NOT_FOUND");
  assert.deepEqual(diagnostics[0]?.source, { file: "f.ts", line: 1, column: 1 });
});

test("a flow inherits the steps of a base class in the same file, and overrides them", () => {
  const src = `import { FlowSpec, step, retry, main } from "metaflow-ts";
class BaseFlow extends FlowSpec {
  @step start() { this.next(this.train); }
  @step train() { this.next(this.end); }
  @step end() {}
}
export default class TunedFlow extends BaseFlow {
  @retry({ times: 3 })
  @step train() { this.next(this.evaluate); }
  @step evaluate() { this.next(this.end); }
}
`;
  const { graph } = parseFlowSource(src, "f.ts");
  assert.equal(graph?.flowName, "TunedFlow");
  assert.deepEqual(graph?.order, ["start", "train", "evaluate", "end"]);
  assert.equal(graph?.steps["train"]?.source.line, 9);
  assert.deepEqual(graph?.steps["train"]?.decorators.map((d) => d.name), ["retry"]);
});

test("without main() or default export, the most derived flow class is picked", () => {
  const src = `import { FlowSpec, step } from "metaflow-ts";
class BaseFlow extends FlowSpec { @step start() { this.next(this.end); } @step end() {} }
class ChildFlow extends BaseFlow {}
`;
  assert.equal(parseFlowSource(src, "f.ts").graph?.flowName, "ChildFlow");
});

test("syntax errors are FLOW_SYNTAX at file:line:column, with TypeScript's message", () => {
  const { graph, diagnostics } = parseFlowSource(`class A extends FlowSpec {\n  @step start() { const x = ; }\n}\n`, "bad.ts");
  assert.equal(graph, undefined);
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0]?.code, "FLOW_SYNTAX");
  assert.equal(diagnostics[0]?.source?.file, "bad.ts");
  assert.equal(diagnostics[0]?.source?.line, 2);
  assert.equal(diagnostics[0]?.source?.column, 29);
  assert.match(diagnostics[0]?.message ?? "", /Expression expected/);
});

test("`return this.next(...)` and a `this` parameter are accepted", () => {
  const src = `import { FlowSpec, step } from "metaflow-ts";
export default class F extends FlowSpec {
  @step async start(this: F) { await Promise.resolve(); return this.next(this.end); }
  @step end() {}
}`;
  const { graph } = parseFlowSource(src, "f.ts");
  assert.deepEqual(graph?.steps["start"]?.transition, { kind: "linear", to: "end" });
  assert.equal(graph?.steps["start"]?.join, false);
});

test("unreachable steps are ordered by source line, before end", () => {
  const src = `import { FlowSpec, step } from "metaflow-ts";
export default class F extends FlowSpec {
  @step start() { this.next(this.end); }
  @step zeta() { this.next(this.end); }
  @step alpha() { this.next(this.end); }
  @step end() {}
}`;
  const { graph } = parseFlowSource(src, "f.ts");
  assert.deepEqual(graph?.order, ["start", "zeta", "alpha", "end"]);
  assert.deepEqual(graph?.steps["end"]?.inFuncs, ["start"]);
});
