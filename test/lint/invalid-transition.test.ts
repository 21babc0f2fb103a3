/** Every form of `this.next(...)` that is not a transition is INVALID_TRANSITION at the call. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { expectOne, graphOf, lint } from "./helpers.js";

/** A flow whose `start` ends with `startBody` (its first line is line 3 of the file). */
function withStart(startBody: string): string {
  return `  @step start() {\n${startBody}\n  }\n  @step a() { this.next(this.end); }\n  @step b() { this.next(this.end); }\n  @step end() {}`;
}

const cases: ReadonlyArray<readonly [string, string, number, readonly string[]]> = [
  ["no target", "    this.next();", 4, ["at least one target"]],
  ["a target that is not this.<step>", "    const x = this.a;\n    this.next(x);", 5, ["not a step reference", "this.<step>"]],
  ["a string target", '    this.next("a");', 4, ["not a step reference"]],
  ["an element access target", '    this.next(this["a"]);', 4, ["not a step reference"]],
  ["a spread", "    const xs = [this.a, this.b];\n    this.next(...xs);", 5, ["spread"]],
  ["foreach with several targets", '    this.next(this.a, this.b, { foreach: "items" });', 4, ["exactly one target"]],
  ["foreach over a variable", '    const attr = "items";\n    this.next(this.a, { foreach: attr });', 5, ["string literal"]],
  ["an unknown option", "    this.next(this.a, { numParallel: 4 });", 4, ["unknown option numParallel"]],
  ["both foreach and condition", '    this.next(this.a, { foreach: "x", condition: "y" });', 4, ["both foreach and condition"]],
  ["a condition without cases", '    this.next(this.a, { condition: "y" });', 4, ["object of cases"]],
  ["a switch without options", "    this.next({ x: this.a, y: this.b });", 4, ["condition"]],
  ["a switch with a variable condition", '    const c = "mode";\n    this.next({ x: this.a, y: this.b }, { condition: c });', 5, ["string literal"]],
  ["a switch with a computed key", '    const k = "x";\n    this.next({ [k]: this.a, y: this.b }, { condition: "mode" });', 5, ["not computed"]],
  ["a switch with a shorthand case", '    const a = this.a;\n    this.next({ a, y: this.b }, { condition: "mode" });', 5, ["key: this.<step>"]],
  ["a switch case that is not a step", '    this.next({ x: "a", y: this.b }, { condition: "mode" });', 4, ["switch case x"]],
  ["next() not the last statement", '    this.next(this.a);\n    console.log("after");', 4, ["must be the last statement"]],
  ["next() inside if", "    if (Math.random() > 0.5) {\n      this.next(this.a);\n    }", 5, ["inside a block"]],
  ["next() inside a loop", "    for (const x of [1]) this.next(this.a);", 4, ["inside a block"]],
  ["next() inside try", "    try {\n      this.next(this.a);\n    } finally {\n    }", 5, ["inside a block"]],
  ["next() inside a callback", "    [1].forEach(() => this.next(this.a));", 4, ["inside a block"]],
  ["two next() calls", "    this.next(this.a);\n    this.next(this.b);", 4, ["more than once"]],
  ["the same target twice", "    this.next(this.a, this.a);", 4, ["listed twice"]],
];

for (const [name, body, line, words] of cases) {
  test(`INVALID_TRANSITION: ${name}`, () => {
    const d = expectOne(lint(withStart(body)), "INVALID_TRANSITION", line, ['"start"', ...words]);
    assert.equal(d.step, "start");
  });
}

test("an invalid transition leaves the step with an `end` transition and the reason", () => {
  const g = graphOf(withStart("    this.next();"));
  assert.deepEqual(g.steps["start"]?.transition, { kind: "end" });
  assert.match(g.steps["start"]?.transitionError ?? "", /at least one target/);
  assert.equal(g.steps["start"]?.nextSource?.line, 4);
});

test("numeric and string switch keys are accepted", () => {
  const g = graphOf(withStart('    this.next({ 1: this.a, "two words": this.b }, { condition: "n" });'));
  assert.deepEqual(g.steps["start"]?.transition, { kind: "switch", cases: { 1: "a", "two words": "b" }, condition: "n" });
});

test("next() inside a nested function with its own `this` is not the step's transition", () => {
  const body = "    function helper(this: any) { this.next(); }\n    this.next(this.a);";
  const g = graphOf(withStart(body));
  assert.deepEqual(g.steps["start"]?.transition, { kind: "linear", to: "a" });
});
