/** Lint rules beyond the fixtures: variants, gating between stages, the registry. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { lintChecks, lintStages } from "../../src/lint/checks/index.js";
import { splitWithoutJoin } from "../../src/lint/checks/split-without-join.js";
import { formatDiagnostic } from "../../src/lint/format-diagnostic.js";
import { expectOne, graphOf, lint } from "./helpers.js";

const JOIN = "  @step join(inputs: Inputs<TestFlow>) { this.next(this.end); }";

test("RESERVED_STEP_NAME: names starting with _ and FlowSpec members", () => {
  expectOne(lint(`  @step start() { this.next(this._prep); }\n  @step _prep() { this.next(this.end); }\n  @step end() {}`), "RESERVED_STEP_NAME", 4, ['"_prep"', "reserved"]);
  expectOne(lint(`  @step start() { this.next(this.next); }\n  @step next() { this.next(this.end); }\n  @step end() {}`), "RESERVED_STEP_NAME", 4, ['"next"']);
  expectOne(lint(`  @step start() { this.next(this.mergeArtifacts); }\n  @step mergeArtifacts() { this.next(this.end); }\n  @step end() {}`), "RESERVED_STEP_NAME", 4);
});

test("INVALID_STEP_NAME: camelCase is fine, case-only differences are not", () => {
  assert.deepEqual(lint(`  @step start() { this.next(this.trainModel); }\n  @step trainModel() { this.next(this.end); }\n  @step end() {}`), []);
  const ds = lint(`  @step start() { this.next(this.fooBar, this.foobar); }\n  @step fooBar() { this.next(this.join); }\n  @step foobar() { this.next(this.join); }\n${JOIN}\n  @step end() {}`);
  expectOne(ds, "INVALID_STEP_NAME", 5, ['"fooBar"', '"foobar"', "letter case"]);
  expectOne(lint(`  @step start() { this.next(this.étape); }\n  @step étape() { this.next(this.end); }\n  @step end() {}`), "INVALID_STEP_NAME", 4, ["ASCII"]);
});

test("MISSING_START_STEP and MISSING_END_STEP are reported together", () => {
  const ds = lint(`  @step begin() { this.next(this.finish); }\n  @step finish() {}`);
  assert.deepEqual(ds.map((d) => d.code), ["MISSING_START_STEP", "MISSING_END_STEP"]);
  assert.equal(ds[0]?.source?.line, 2);
});

test("JOIN_WITHOUT_SPLIT: a join after a switch hints that switch paths merge without inputs", () => {
  const ds = lint(`  @step start() { this.next({ x: this.a, y: this.b }, { condition: "c" }); }\n  @step a() { this.next(this.join); }\n  @step b() { this.next(this.join); }\n${JOIN}\n  @step end() {}`);
  expectOne(ds, "JOIN_WITHOUT_SPLIT", 6, ['"join"', "switch", "remove the parameter"]);
});

test("SWITCH_TOO_FEW_CASES: two cases to the same step", () => {
  expectOne(
    lint(`  @step start() { this.next({ x: this.a, y: this.a }, { condition: "c" }); }\n  @step a() { this.next(this.end); }\n  @step end() {}`),
    "SWITCH_TOO_FEW_CASES",
    3,
  );
});

test("FLOW_CYCLE: a loop is fine when a switch closes it anywhere on the loop", () => {
  assert.deepEqual(
    lint(`  @step start() { this.next(this.b); }\n  @step b() { this.next(this.c); }\n  @step c() { this.next({ more: this.a, done: this.end }, { condition: "s" }); }\n  @step a() { this.next(this.b); }\n  @step end() {}`),
    [],
  );
  const ds = lint(`  @step start() { this.next(this.a); }\n  @step a() { this.next(this.a); }\n  @step end() {}`);
  expectOne(ds, "FLOW_CYCLE", 4, ["a -> a"]);
});

test("FLOW_CYCLE: a loop through a branch split is still a cycle", () => {
  const ds = lint(`  @step start() { this.next(this.a); }\n  @step a() { this.next(this.b, this.c); }\n  @step b() { this.next(this.a); }\n  @step c() { this.next(this.end); }\n  @step end() {}`);
  assert.equal(ds[0]?.code, "FLOW_CYCLE");
  assert.match(ds[0]?.message ?? "", /a -> b -> a/);
});

test("LOOP_ACROSS_SPLIT: a loop inside one foreach body is fine", () => {
  assert.deepEqual(
    lint(`  @step start() { this.next(this.body, { foreach: "xs" }); }\n  @step body() { this.next(this.check); }\n  @step check() { this.next({ again: this.body, ok: this.after }, { condition: "s" }); }\n  @step after() { this.next(this.join); }\n${JOIN}\n  @step end() {}`),
    [],
  );
});

test("END_INSIDE_SPLIT: branches that each go to end", () => {
  const ds = lint(`  @step start() { this.next(this.a, this.b); }\n  @step a() { this.next(this.end); }\n  @step b() { this.next(this.end); }\n  @step end() {}`);
  expectOne(ds, "END_INSIDE_SPLIT", 6, ['"start"', '"a" and "b"']);
});

test("MERGE_WITHOUT_JOIN: a step reached from inside and outside of a split", () => {
  const ds = lint(
    `  @step start() { this.next({ x: this.fan, y: this.m }, { condition: "c" }); }\n  @step fan() { this.next(this.body, { foreach: "xs" }); }\n  @step body() { this.next(this.m); }\n  @step m() { this.next(this.end); }\n  @step end() {}`,
  );
  expectOne(ds, "MERGE_WITHOUT_JOIN", 6, ['"m"', '"fan"', "not joined"]);
});

test("SPLIT_WITHOUT_JOIN flags a split that no join closes", () => {
  const g = graphOf(`  @step start() { this.next(this.a, this.b); }\n  @step a() { this.next(this.end); }\n  @step b() { this.next(this.end); }\n  @step end() {}`);
  const ds = splitWithoutJoin.check(g);
  expectOne(ds, "SPLIT_WITHOUT_JOIN", 3, ['"start"', "no join step"]);
});

test("a stage with errors stops the later stages", () => {
  // Unknown target: the orphan that follows from it is not reported.
  const ds = lint(`  @step start() { this.next(this.trian); }\n  @step train() { this.next(this.end); }\n  @step end() {}`);
  assert.deepEqual(ds.map((d) => d.code), ["UNKNOWN_TRANSITION"]);
});

test("the registry: unique codes, one check per file", () => {
  const codes = lintChecks.map((c) => c.code);
  assert.equal(new Set(codes).size, codes.length);
  assert.equal(lintStages.flat().length, lintChecks.length);
  const dir = fileURLToPath(new URL("../../src/lint/checks/", import.meta.url));
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "index.ts");
  assert.deepEqual(files.map((f) => f.replace(/\.ts$/, "").replace(/-/g, "_").toUpperCase()).sort(), [...codes].sort());
});

test("formatDiagnostic", () => {
  assert.equal(
    formatDiagnostic({ code: "X_Y", severity: "error", message: "Bad.", source: { file: "a.ts", line: 3, column: 5 } }),
    "a.ts:3:5  error  Bad. (X_Y)",
  );
  assert.equal(formatDiagnostic({ code: "X_Y", severity: "warning", message: "Hm.", source: { file: "a.ts", line: 3 } }), "a.ts:3  warning  Hm. (X_Y)");
  assert.equal(formatDiagnostic({ code: "X_Y", severity: "error", message: "Bad." }), "error  Bad. (X_Y)");
});
