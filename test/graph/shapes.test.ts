/**
 * Valid graph shapes: each parses to the expected transitions, in-funcs, split parents and
 * matching splits, and lints clean.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseFlowSource } from "../../src/graph/parse-flow-source.js";
import type { FlowGraph, Transition } from "../../src/graph/types.js";
import { lintGraph } from "../../src/lint/lint-graph.js";
import { formatDiagnostic } from "../../src/lint/format-diagnostic.js";

/** Wraps step methods into a flow file. */
function flow(body: string): string {
  return `import { FlowSpec, step, main, type Inputs } from "metaflow-ts";\nexport default class ShapeFlow extends FlowSpec {\n${body}\n}\nmain(import.meta, ShapeFlow);\n`;
}

function parseValid(body: string): FlowGraph {
  const { graph, diagnostics } = parseFlowSource(flow(body), "shape.ts");
  assert.deepEqual(diagnostics, []);
  assert.ok(graph !== undefined);
  const lint = lintGraph(graph);
  assert.deepEqual(lint, [], lint.map(formatDiagnostic).join("\n"));
  return graph;
}

interface Expect {
  readonly transition?: Transition;
  readonly inFuncs?: readonly string[];
  readonly splitParents?: readonly string[];
  readonly matchingSplit?: string;
  readonly join?: boolean;
}

function expectSteps(graph: FlowGraph, expected: Record<string, Expect>): void {
  assert.deepEqual(Object.keys(graph.steps).sort(), Object.keys(expected).sort());
  for (const [name, want] of Object.entries(expected)) {
    const step = graph.steps[name];
    assert.ok(step !== undefined, name);
    if (want.transition !== undefined) assert.deepEqual(step.transition, want.transition, `${name}.transition`);
    if (want.inFuncs !== undefined) assert.deepEqual(step.inFuncs, want.inFuncs, `${name}.inFuncs`);
    assert.deepEqual(step.splitParents, want.splitParents ?? [], `${name}.splitParents`);
    assert.equal(step.matchingSplit, want.matchingSplit, `${name}.matchingSplit`);
    assert.equal(step.join, want.join ?? false, `${name}.join`);
  }
  assert.equal(graph.order[0], "start");
  assert.equal(graph.order[graph.order.length - 1], "end");
}

test("linear", () => {
  const g = parseValid(`
  @step start() { this.next(this.a); }
  @step a() { this.next(this.end); }
  @step end() {}`);
  expectSteps(g, {
    start: { transition: { kind: "linear", to: "a" }, inFuncs: [] },
    a: { transition: { kind: "linear", to: "end" }, inFuncs: ["start"] },
    end: { transition: { kind: "end" }, inFuncs: ["a"] },
  });
  assert.deepEqual(g.order, ["start", "a", "end"]);
});

test("branch", () => {
  const g = parseValid(`
  @step start() { this.next(this.a, this.b); }
  @step a() { this.next(this.join); }
  @step b() { this.next(this.join); }
  @step join(inputs: Inputs<ShapeFlow>) { this.next(this.end); }
  @step end() {}`);
  expectSteps(g, {
    start: { transition: { kind: "branch", to: ["a", "b"] } },
    a: { splitParents: ["start"] },
    b: { splitParents: ["start"] },
    join: { join: true, inFuncs: ["a", "b"], matchingSplit: "start" },
    end: {},
  });
  assert.deepEqual(g.order, ["start", "a", "b", "join", "end"]);
});

test("nested branch", () => {
  const g = parseValid(`
  @step start() { this.next(this.a, this.b); }
  @step a() { this.next(this.a1, this.a2); }
  @step a1() { this.next(this.joinA); }
  @step a2() { this.next(this.joinA); }
  @step joinA(inputs: Inputs<ShapeFlow>) { this.next(this.join); }
  @step b() { this.next(this.join); }
  @step join(inputs: Inputs<ShapeFlow>) { this.next(this.end); }
  @step end() {}`);
  expectSteps(g, {
    start: {},
    a: { splitParents: ["start"] },
    a1: { splitParents: ["start", "a"] },
    a2: { splitParents: ["start", "a"] },
    joinA: { join: true, splitParents: ["start"], matchingSplit: "a", inFuncs: ["a1", "a2"] },
    b: { splitParents: ["start"] },
    join: { join: true, matchingSplit: "start", inFuncs: ["joinA", "b"] },
    end: {},
  });
});

test("foreach", () => {
  const g = parseValid(`
  @step start() { this.items = [1, 2]; this.next(this.body, { foreach: "items" }); }
  @step body() { this.next(this.join); }
  @step join(inputs: Inputs<ShapeFlow>) { this.next(this.end); }
  @step end() {}`);
  expectSteps(g, {
    start: { transition: { kind: "foreach", to: "body", over: "items" } },
    body: { splitParents: ["start"] },
    join: { join: true, matchingSplit: "start" },
    end: {},
  });
});

test("nested foreach", () => {
  const g = parseValid(`
  @step start() { this.next(this.outer, { foreach: "xs" }); }
  @step outer() { this.next(this.inner, { foreach: "ys" }); }
  @step inner() { this.next(this.joinInner); }
  @step joinInner(inputs: Inputs<ShapeFlow>) { this.next(this.joinOuter); }
  @step joinOuter(inputs: Inputs<ShapeFlow>) { this.next(this.end); }
  @step end() {}`);
  expectSteps(g, {
    start: {},
    outer: { splitParents: ["start"], transition: { kind: "foreach", to: "inner", over: "ys" } },
    inner: { splitParents: ["start", "outer"] },
    joinInner: { join: true, splitParents: ["start"], matchingSplit: "outer" },
    joinOuter: { join: true, matchingSplit: "start" },
    end: {},
  });
});

test("switch (keys as identifiers and string literals) merging in a normal step", () => {
  const g = parseValid(`
  @step start() { this.next({ hot: this.a, "very cold": this.b }, { condition: "temp" }); }
  @step a() { this.next(this.merge); }
  @step b() { this.next(this.merge); }
  @step merge() { this.next(this.end); }
  @step end() {}`);
  expectSteps(g, {
    start: { transition: { kind: "switch", cases: { hot: "a", "very cold": "b" }, condition: "temp" } },
    a: { inFuncs: ["start"] },
    b: {},
    merge: { inFuncs: ["a", "b"] },
    end: {},
  });
});

test("switch straight to end", () => {
  const g = parseValid(`
  @step start() { this.next({ skip: this.end, work: this.work }, { condition: "mode" }); }
  @step work() { this.next(this.end); }
  @step end() {}`);
  expectSteps(g, { start: {}, work: {}, end: { inFuncs: ["start", "work"] } });
});

test("recursive switch: a step that loops on itself", () => {
  const g = parseValid(`
  @step start() { this.count = 0; this.next(this.loop); }
  @step loop() { this.count += 1; this.next({ again: this.loop, done: this.end }, { condition: "state" }); }
  @step end() {}`);
  expectSteps(g, {
    start: {},
    loop: { inFuncs: ["start", "loop"], transition: { kind: "switch", cases: { again: "loop", done: "end" }, condition: "state" } },
    end: { inFuncs: ["loop"] },
  });
  assert.deepEqual(g.order, ["start", "loop", "end"]);
});

test("recursive switch: a loop back to an earlier step", () => {
  const g = parseValid(`
  @step start() { this.next(this.fetch); }
  @step fetch() { this.next(this.check); }
  @step check() { this.next({ more: this.fetch, done: this.end }, { condition: "status" }); }
  @step end() {}`);
  expectSteps(g, { start: {}, fetch: { inFuncs: ["start", "check"] }, check: {}, end: {} });
  assert.deepEqual(g.order, ["start", "fetch", "check", "end"]);
});

test("switch inside foreach, with a loop inside the body", () => {
  const g = parseValid(`
  @step start() { this.next(this.body, { foreach: "items" }); }
  @step body() { this.next({ big: this.heavy, small: this.light }, { condition: "size" }); }
  @step heavy() { this.next({ again: this.heavy, ok: this.collect }, { condition: "status" }); }
  @step light() { this.next(this.collect); }
  @step collect() { this.next(this.join); }
  @step join(inputs: Inputs<ShapeFlow>) { this.next(this.end); }
  @step end() {}`);
  expectSteps(g, {
    start: {},
    body: { splitParents: ["start"] },
    heavy: { splitParents: ["start"] },
    light: { splitParents: ["start"] },
    collect: { splitParents: ["start"], inFuncs: ["heavy", "light"] },
    join: { join: true, matchingSplit: "start" },
    end: {},
  });
});

test("switch cases leading (through steps) to the join of an enclosing foreach", () => {
  const g = parseValid(`
  @step start() { this.next(this.body, { foreach: "items" }); }
  @step body() { this.next({ x: this.p, y: this.q }, { condition: "kind" }); }
  @step p() { this.next(this.join); }
  @step q() { this.next(this.join); }
  @step join(inputs: Inputs<ShapeFlow>) { this.next(this.end); }
  @step end() {}`);
  assert.equal(g.steps["join"]?.matchingSplit, "start");
});

test("foreach inside switch", () => {
  const g = parseValid(`
  @step start() { this.next({ many: this.fan, one: this.single }, { condition: "mode" }); }
  @step fan() { this.next(this.body, { foreach: "items" }); }
  @step body() { this.next(this.join); }
  @step join(inputs: Inputs<ShapeFlow>) { this.next(this.end); }
  @step single() { this.next(this.end); }
  @step end() {}`);
  expectSteps(g, {
    start: {},
    fan: {},
    body: { splitParents: ["fan"] },
    join: { join: true, matchingSplit: "fan" },
    single: {},
    end: { inFuncs: ["join", "single"] },
  });
});

test("branch inside switch", () => {
  const g = parseValid(`
  @step start() { this.next({ both: this.split, none: this.skip }, { condition: "mode" }); }
  @step split() { this.next(this.a, this.b); }
  @step a() { this.next(this.join); }
  @step b() { this.next(this.join); }
  @step join(inputs: Inputs<ShapeFlow>) { this.next(this.after); }
  @step skip() { this.next(this.after); }
  @step after() { this.next(this.end); }
  @step end() {}`);
  expectSteps(g, {
    start: {},
    split: {},
    a: { splitParents: ["split"] },
    b: { splitParents: ["split"] },
    join: { join: true, matchingSplit: "split" },
    skip: {},
    after: { inFuncs: ["join", "skip"] },
    end: {},
  });
});

test("switch inside a branch, rejoined before the join", () => {
  const g = parseValid(`
  @step start() { this.next(this.a, this.b); }
  @step a() { this.next({ x: this.ax, y: this.ay }, { condition: "c" }); }
  @step ax() { this.next(this.amerge); }
  @step ay() { this.next(this.amerge); }
  @step amerge() { this.next(this.join); }
  @step b() { this.next(this.join); }
  @step join(inputs: Inputs<ShapeFlow>) { this.next(this.end); }
  @step end() {}`);
  assert.deepEqual(g.steps["ax"]?.splitParents, ["start"]);
  assert.equal(g.steps["join"]?.matchingSplit, "start");
});
