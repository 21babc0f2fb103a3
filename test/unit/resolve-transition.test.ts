/** resolveTransition: the step's next() call checked against the graph, into a TaskTransition. */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { MetaflowError } from "../../src/errors.js";
import type { NextCall } from "../../src/flow/task-binding.js";
import type { StepNode, Transition } from "../../src/graph/types.js";
import { resolveTransition } from "../../src/task/resolve-transition.js";

const source = { file: "flow.ts", line: 10, column: 3 };
const nextSource = { file: "flow.ts", line: 12, column: 5 };

function node(name: string, transition: Transition, withNextSource = true): StepNode {
  return { name, transition, join: false, source, decorators: [], inFuncs: [], splitParents: [], ...(withNextSource ? { nextSource } : {}) };
}

const noRead = (name: string): never => {
  throw new Error(`unexpected read of ${name}`);
};
const reader = (values: Record<string, unknown>) => (name: string) => values[name];

function fails(code: string, ...parts: (string | RegExp)[]) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof MetaflowError, String(e));
    assert.equal(e.code, code);
    for (const p of parts) {
      if (typeof p === "string") assert.ok(e.message.includes(p), `expected ${JSON.stringify(p)} in: ${e.message}`);
      else assert.match(e.message, p);
    }
    return true;
  };
}

const steps = (...targets: string[]): NextCall => ({ kind: "steps", targets });

describe("resolveTransition: each kind", () => {
  test("end: no call", () => {
    assert.deepEqual(resolveTransition(node("end", { kind: "end" }), undefined, noRead), { kind: "end" });
  });

  test("end: a call is refused", () => {
    assert.throws(() => resolveTransition(node("end", { kind: "end" }), steps("x"), noRead), fails("INVALID_TRANSITION", "Step end", "the end step cannot call this.next()"));
  });

  test("linear", () => {
    assert.deepEqual(resolveTransition(node("start", { kind: "linear", to: "a" }), steps("a"), noRead), { kind: "linear", to: "a" });
  });

  test("branch, in the graph's order", () => {
    assert.deepEqual(resolveTransition(node("start", { kind: "branch", to: ["a", "b"] }), steps("a", "b"), noRead), { kind: "branch", to: ["a", "b"] });
  });

  test("foreach counts an array, a Set, a Map and a generator", () => {
    const n = node("start", { kind: "foreach", to: "body", over: "items" });
    const call: NextCall = { kind: "foreach", target: "body", over: "items" };
    assert.deepEqual(resolveTransition(n, call, reader({ items: [1, 2, 3] })), { kind: "foreach", to: "body", count: 3 });
    assert.equal((resolveTransition(n, call, reader({ items: new Set(["a", "b"]) })) as { count: number }).count, 2);
    assert.equal((resolveTransition(n, call, reader({ items: new Map([[1, 1]]) })) as { count: number }).count, 1);
    function* gen() {
      yield 1;
      yield 2;
    }
    assert.equal((resolveTransition(n, call, reader({ items: gen() })) as { count: number }).count, 2);
    // sparse arrays count their length
    assert.equal((resolveTransition(n, call, reader({ items: new Array(4) })) as { count: number }).count, 4);
  });

  test("switch picks the case by value (strings, numbers and booleans are keyed as text)", () => {
    const n = node("start", { kind: "switch", cases: { small: "a", big: "b", "1": "c", true: "d" }, condition: "size" });
    const call: NextCall = { kind: "switch", cases: { small: "a", big: "b", "1": "c", true: "d" }, condition: "size" };
    assert.deepEqual(resolveTransition(n, call, reader({ size: "big" })), { kind: "switch", to: "b", value: "big" });
    assert.deepEqual(resolveTransition(n, call, reader({ size: 1 })), { kind: "switch", to: "c", value: "1" });
    assert.deepEqual(resolveTransition(n, call, reader({ size: true })), { kind: "switch", to: "d", value: "true" });
  });
});

describe("resolveTransition: mismatches with the graph", () => {
  test("missing next() names the expected call and points at the source", () => {
    const check = (t: Transition, expected: string) =>
      assert.throws(
        () => resolveTransition(node("start", t), undefined, noRead),
        (e: unknown) => {
          fails("INVALID_TRANSITION", "Step start", "ended without calling this.next(...)", expected)(e);
          assert.deepEqual((e as MetaflowError).source, nextSource);
          return true;
        },
      );
    check({ kind: "linear", to: "a" }, "this.next(this.a)");
    check({ kind: "branch", to: ["a", "b"] }, "this.next(this.a, this.b)");
    check({ kind: "foreach", to: "body", over: "items" }, 'this.next(this.body, { foreach: "items" })');
    check({ kind: "switch", cases: { x: "a", y: "b" }, condition: "c" }, 'this.next({ x: this.a, y: this.b }, { condition: "c" })');
  });

  test("the error's source falls back to the step's location without a next() location", () => {
    assert.throws(
      () => resolveTransition(node("start", { kind: "linear", to: "a" }, false), undefined, noRead),
      (e: unknown) => e instanceof MetaflowError && e.source === source,
    );
  });

  test("linear: wrong target, extra targets, or a foreach call", () => {
    const n = node("start", { kind: "linear", to: "a" });
    assert.throws(() => resolveTransition(n, steps("b"), noRead), fails("INVALID_TRANSITION", "it called this.next(this.b) but the flow's source says this.next(this.a)"));
    assert.throws(() => resolveTransition(n, steps("a", "b"), noRead), fails("INVALID_TRANSITION", "this.next(this.a, this.b)"));
    assert.throws(() => resolveTransition(n, { kind: "foreach", target: "a", over: "xs" }, noRead), fails("INVALID_TRANSITION", 'this.next(this.a, { foreach: "xs" })'));
  });

  test("branch: different order or subset", () => {
    const n = node("start", { kind: "branch", to: ["a", "b"] });
    assert.throws(() => resolveTransition(n, steps("b", "a"), noRead), fails("INVALID_TRANSITION", "this.next(this.b, this.a)", "this.next(this.a, this.b)"));
    assert.throws(() => resolveTransition(n, steps("a"), noRead), fails("INVALID_TRANSITION"));
  });

  test("foreach: different target or different variable", () => {
    const n = node("start", { kind: "foreach", to: "body", over: "items" });
    assert.throws(() => resolveTransition(n, { kind: "foreach", target: "other", over: "items" }, noRead), fails("INVALID_TRANSITION"));
    assert.throws(() => resolveTransition(n, { kind: "foreach", target: "body", over: "things" }, noRead), fails("INVALID_TRANSITION", 'foreach: "things"'));
    assert.throws(() => resolveTransition(n, steps("body"), noRead), fails("INVALID_TRANSITION"));
  });

  test("switch: different condition or cases", () => {
    const n = node("start", { kind: "switch", cases: { x: "a", y: "b" }, condition: "c" });
    assert.throws(() => resolveTransition(n, { kind: "switch", cases: { x: "a", y: "b" }, condition: "d" }, noRead), fails("INVALID_TRANSITION"));
    assert.throws(() => resolveTransition(n, { kind: "switch", cases: { x: "a" }, condition: "c" }, noRead), fails("INVALID_TRANSITION"));
    assert.throws(() => resolveTransition(n, { kind: "switch", cases: { x: "a", y: "z" }, condition: "c" }, noRead), fails("INVALID_TRANSITION"));
  });

  test("a mismatch is detected before any artifact is read", () => {
    const n = node("start", { kind: "foreach", to: "body", over: "items" });
    assert.throws(() => resolveTransition(n, { kind: "foreach", target: "x", over: "items" }, noRead), fails("INVALID_TRANSITION"));
  });
});

describe("resolveTransition: foreach values", () => {
  const n = node("split", { kind: "foreach", to: "body", over: "items" });
  const call: NextCall = { kind: "foreach", target: "body", over: "items" };
  const foreachFails = (value: unknown, ...parts: (string | RegExp)[]) => assert.throws(() => resolveTransition(n, call, reader({ items: value })), fails("FOREACH_ERROR", "Step split", "this.items", ...parts));

  test("not set", () => foreachFails(undefined, "is not iterable (it is not set)"));
  test("null", () => foreachFails(null, "(it is null)"));
  test("issue 9 defect 13: a string splits into its characters (code points), as in Metaflow", () => {
    assert.deepEqual(resolveTransition(n, call, reader({ items: "abc" })), { kind: "foreach", to: "body", count: 3 });
    assert.deepEqual(resolveTransition(n, call, reader({ items: "a😀b" })), { kind: "foreach", to: "body", count: 3 });
    foreachFails("", "zero splits");
  });
  test("any iterable: Set, Map", () => {
    assert.deepEqual(resolveTransition(n, call, reader({ items: new Set([1, 2]) })), { kind: "foreach", to: "body", count: 2 });
    assert.deepEqual(resolveTransition(n, call, reader({ items: new Map([["k", 1]]) })), { kind: "foreach", to: "body", count: 1 });
  });
  test("a number", () => foreachFails(3, "(it is a number)"));
  test("a plain object", () => foreachFails({ a: 1 }, "is not iterable"));
  test("empty array / empty Set", () => {
    foreachFails([], "zero splits");
    foreachFails(new Set(), "zero splits");
  });
});

describe("resolveTransition: switch values", () => {
  const n = node("route", { kind: "switch", cases: { small: "a", big: "b" }, condition: "size" });
  const call: NextCall = { kind: "switch", cases: { small: "a", big: "b" }, condition: "size" };
  const switchFails = (value: unknown, shown: string) =>
    assert.throws(() => resolveTransition(n, call, reader({ size: value })), fails("SWITCH_ERROR", "Step route", `this.size = ${shown} matches no case`, "Cases: 'small', 'big'"));

  test("a value with no case lists the cases", () => switchFails("medium", '"medium"'));
  test("undefined", () => switchFails(undefined, "undefined"));
  test("null", () => switchFails(null, "null"));
  test("an object", () => switchFails({ size: "big" }, '{"size":"big"}'));
  test("case keys are matched exactly (case-sensitive)", () => switchFails("BIG", '"BIG"'));

  // Regression: the case lookup must be own-property only, or "constructor", "toString", "__proto__"...
  // would "match" Object.prototype members and return a function as the target step.
  test("a value naming an Object.prototype member matches no case", () => {
    for (const v of ["constructor", "toString", "hasOwnProperty", "__proto__"]) {
      assert.throws(() => resolveTransition(n, call, reader({ size: v })), fails("SWITCH_ERROR"), v);
    }
  });
});
