/** JoinTracker: when a join has all its inputs, and in which order. */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { parseFlowSource } from "../../src/graph/parse-flow-source.js";
import type { FlowGraph } from "../../src/graph/types.js";
import type { ForeachFrame } from "../../src/protocol/task-spec.js";
import { JoinTracker } from "../../src/scheduler/join-tracker.js";

/**
 * start -foreach xs-> outer -branch-> a, b, c -> j (branch join) -foreach ys-> inner -> ij (inner foreach join)
 * -> oj (outer foreach join) -> end
 */
const SOURCE = `import { FlowSpec, step, main, type Inputs } from "metaflow-ts";
export default class NestFlow extends FlowSpec {
  @step start() { this.next(this.outer, { foreach: "xs" }); }
  @step outer() { this.next(this.a, this.b, this.c); }
  @step a() { this.next(this.j); }
  @step b() { this.next(this.j); }
  @step c() { this.next(this.j); }
  @step j(inputs: Inputs<NestFlow>) { this.next(this.inner, { foreach: "ys" }); }
  @step inner() { this.next(this.ij); }
  @step ij(inputs: Inputs<NestFlow>) { this.next(this.oj); }
  @step oj(inputs: Inputs<NestFlow>) { this.next(this.end); }
  @step end() {}
}
main(import.meta, NestFlow);
`;

function graph(): FlowGraph {
  const { graph, diagnostics } = parseFlowSource(SOURCE, "nest.ts");
  assert.deepEqual(diagnostics, []);
  assert.ok(graph);
  return graph;
}

const frame = (step: string, task: string, count: number, index: number, over = "xs"): ForeachFrame => ({ step, task, count, index, over });
const outerFrame = (i: number): ForeachFrame => frame("start", "1/start/1", 2, i);

describe("JoinTracker", () => {
  test("the parsed graph has the shape the tests assume", () => {
    const g = graph();
    assert.deepEqual(g.steps.j?.inFuncs, ["a", "b", "c"]);
    assert.equal(g.steps.j?.matchingSplit, "outer");
    assert.equal(g.steps.ij?.matchingSplit, "j");
    assert.equal(g.steps.oj?.matchingSplit, "start");
  });

  test("branch join waits for every inFunc and orders inputs by inFuncs, not arrival", () => {
    const t = new JoinTracker(graph());
    const stack = [outerFrame(0)];
    assert.equal(t.arrive("j", "c", "1/c/7", stack), undefined);
    assert.equal(t.arrive("j", "a", "1/a/5", stack), undefined);
    assert.deepEqual(t.arrive("j", "b", "1/b/6", stack), ["1/a/5", "1/b/6", "1/c/7"]);
  });

  test("a repeated arrival from the same inFunc does not complete the join early", () => {
    const t = new JoinTracker(graph());
    const stack = [outerFrame(0)];
    assert.equal(t.arrive("j", "a", "1/a/5", stack), undefined);
    assert.equal(t.arrive("j", "a", "1/a/5", stack), undefined);
    assert.equal(t.arrive("j", "b", "1/b/6", stack), undefined);
    assert.deepEqual(t.arrive("j", "c", "1/c/7", stack), ["1/a/5", "1/b/6", "1/c/7"]);
  });

  test("branch joins in different foreach contexts are kept apart", () => {
    const t = new JoinTracker(graph());
    const s0 = [outerFrame(0)];
    const s1 = [outerFrame(1)];
    assert.equal(t.arrive("j", "a", "1/a/10", s0), undefined);
    assert.equal(t.arrive("j", "a", "1/a/20", s1), undefined);
    assert.equal(t.arrive("j", "b", "1/b/21", s1), undefined);
    assert.equal(t.arrive("j", "b", "1/b/11", s0), undefined);
    assert.deepEqual(t.arrive("j", "c", "1/c/22", s1), ["1/a/20", "1/b/21", "1/c/22"]);
    assert.deepEqual(t.arrive("j", "c", "1/c/12", s0), ["1/a/10", "1/b/11", "1/c/12"]);
  });

  test("a completed join starts afresh (state is dropped once returned)", () => {
    const t = new JoinTracker(graph());
    const s = [outerFrame(0)];
    t.arrive("j", "a", "x/a", s);
    t.arrive("j", "b", "x/b", s);
    assert.ok(t.arrive("j", "c", "x/c", s));
    assert.equal(t.arrive("j", "a", "y/a", s), undefined);
  });

  test("foreach join waits for count siblings and orders by index regardless of arrival order", () => {
    const t = new JoinTracker(graph());
    // oj closes the foreach of start; its inputs (ij tasks) carry the start frame
    assert.equal(t.arrive("oj", "ij", "1/ij/9", [outerFrame(1)]), undefined);
    assert.deepEqual(t.arrive("oj", "ij", "1/ij/8", [outerFrame(0)]), ["1/ij/8", "1/ij/9"]);
  });

  test("foreach join with many siblings in reverse / shuffled order", () => {
    const t = new JoinTracker(graph());
    const n = 7;
    const order = [6, 2, 0, 5, 3, 1, 4];
    const results = order.map((i) => t.arrive("ij", "inner", `1/inner/${100 + i}`, [outerFrame(0), frame("j", "1/j/50", n, i, "ys")]));
    assert.deepEqual(results.slice(0, -1), Array(n - 1).fill(undefined));
    assert.deepEqual(results.at(-1), Array.from({ length: n }, (_, i) => `1/inner/${100 + i}`));
  });

  test("nested foreach: inner joins of different outer branches are kept apart", () => {
    const t = new JoinTracker(graph());
    // two outer branches, each with its own j task that splits into 2 (branch 0) and 3 (branch 1) inner tasks
    const inner0 = (i: number) => [outerFrame(0), frame("j", "1/j/30", 2, i, "ys")];
    const inner1 = (i: number) => [outerFrame(1), frame("j", "1/j/31", 3, i, "ys")];
    assert.equal(t.arrive("ij", "inner", "1/inner/b1-2", inner1(2)), undefined);
    assert.equal(t.arrive("ij", "inner", "1/inner/b0-1", inner0(1)), undefined);
    assert.equal(t.arrive("ij", "inner", "1/inner/b1-0", inner1(0)), undefined);
    assert.deepEqual(t.arrive("ij", "inner", "1/inner/b0-0", inner0(0)), ["1/inner/b0-0", "1/inner/b0-1"]);
    assert.deepEqual(t.arrive("ij", "inner", "1/inner/b1-1", inner1(1)), ["1/inner/b1-0", "1/inner/b1-1", "1/inner/b1-2"]);
  });

  test("nested foreach: same inner split task but different outer index are different contexts", () => {
    // Defensive: the key includes the outer frames, not only the splitting task.
    const t = new JoinTracker(graph());
    const a = (i: number) => [outerFrame(0), frame("j", "1/j/30", 2, i, "ys")];
    const b = (i: number) => [outerFrame(1), frame("j", "1/j/30", 2, i, "ys")];
    assert.equal(t.arrive("ij", "inner", "A0", a(0)), undefined);
    assert.equal(t.arrive("ij", "inner", "B1", b(1)), undefined);
    assert.deepEqual(t.arrive("ij", "inner", "A1", a(1)), ["A0", "A1"]);
    assert.deepEqual(t.arrive("ij", "inner", "B0", b(0)), ["B0", "B1"]);
  });

  test("two runs of the same foreach (different splitting tasks) are kept apart", () => {
    const t = new JoinTracker(graph());
    const s = (task: string, i: number) => [frame("start", task, 2, i)];
    assert.equal(t.arrive("oj", "ij", "r1-0", s("1/start/1", 0)), undefined);
    assert.equal(t.arrive("oj", "ij", "r2-1", s("2/start/1", 1)), undefined);
    assert.deepEqual(t.arrive("oj", "ij", "r2-0", s("2/start/1", 0)), ["r2-0", "r2-1"]);
    assert.deepEqual(t.arrive("oj", "ij", "r1-1", s("1/start/1", 1)), ["r1-0", "r1-1"]);
  });

  test("a foreach of one completes at once", () => {
    const t = new JoinTracker(graph());
    assert.deepEqual(t.arrive("oj", "ij", "only", [frame("start", "1/start/1", 1, 0)]), ["only"]);
  });

  test("a foreach join input without a foreach frame is an error", () => {
    const t = new JoinTracker(graph());
    assert.throws(() => t.arrive("oj", "ij", "1/ij/3", []), /join oj closes a foreach but its input 1\/ij\/3 has no foreach frame/);
  });

  test("hand-built graph: a branch join at top level (no foreach)", () => {
    const loc = { file: "f.ts", line: 1 };
    const node = (name: string, inFuncs: string[], extra: object = {}) => ({ name, inFuncs, join: false, source: loc, decorators: [], splitParents: [], transition: { kind: "end" as const }, ...extra });
    const g: FlowGraph = {
      flowName: "F",
      file: "f.ts",
      source: loc,
      decorators: [],
      order: ["start", "x", "y", "join", "end"],
      steps: {
        start: node("start", [], { transition: { kind: "branch", to: ["y", "x"] } }),
        x: node("x", ["start"], { transition: { kind: "linear", to: "join" } }),
        y: node("y", ["start"], { transition: { kind: "linear", to: "join" } }),
        join: node("join", ["y", "x"], { join: true, matchingSplit: "start", transition: { kind: "linear", to: "end" } }),
        end: node("end", ["join"]),
      },
    };
    const t = new JoinTracker(g);
    assert.equal(t.arrive("join", "x", "1/x/2", []), undefined);
    assert.deepEqual(t.arrive("join", "y", "1/y/3", []), ["1/y/3", "1/x/2"]);
  });

  test("issue 9 defect 1: a switch inside one arm of a branch: the join waits for one input per branch, not per incoming step", () => {
    const source = `import { FlowSpec, step, main, type Inputs } from "metaflow-ts";
export default class SwitchArmFlow extends FlowSpec {
  which!: string;
  @step start() { this.next(this.a, this.b); }
  @step a() { this.which = "c"; this.next({ c: this.c, d: this.d }, { condition: "which" }); }
  @step b() { this.next(this.join); }
  @step c() { this.next(this.join); }
  @step d() { this.next(this.join); }
  @step join(inputs: Inputs<SwitchArmFlow>) { this.next(this.end); }
  @step end() {}
}
main(import.meta, SwitchArmFlow);
`;
    const { graph: g, diagnostics } = parseFlowSource(source, "switch-arm.ts");
    assert.deepEqual(diagnostics, []);
    assert.ok(g);
    const t = new JoinTracker(g);
    assert.equal(t.arrive("join", "c", "1/c/4", []), undefined);
    // inputs are ordered by the split's branches (a's arm first), whichever case ran in it
    assert.deepEqual(t.arrive("join", "b", "1/b/3", []), ["1/c/4", "1/b/3"]);
    const u = new JoinTracker(g);
    assert.equal(u.arrive("join", "b", "1/b/3", []), undefined);
    assert.deepEqual(u.arrive("join", "d", "1/d/5", []), ["1/d/5", "1/b/3"]);
  });
});
