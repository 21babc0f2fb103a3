/**
 * Every broken-flow fixture in test/flows/lint/ has exactly one mistake, marked by a
 * `// error: CODE` comment on the line the diagnostic must point at.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseFlowSource } from "../../src/graph/parse-flow-source.js";
import { lintGraph } from "../../src/lint/lint-graph.js";
import { formatDiagnostic } from "../../src/lint/format-diagnostic.js";

const dir = fileURLToPath(new URL("../flows/lint/", import.meta.url));

/** Words the message must contain, per code. */
const keywords: Record<string, readonly string[]> = {
  RESERVED_STEP_NAME: ['"index"', "reserved", "Choose another name"],
  INVALID_STEP_NAME: ['"Train"', "invalid name", "lowercase"],
  MISSING_START_STEP: ["NoStartFlow", "no start step", "Add"],
  MISSING_END_STEP: ["NoEndFlow", "no end step", '"finish"', "should it be named end"],
  TOO_MANY_PARAMETERS: ['"join"', "2 parameters", "exactly one"],
  START_IS_JOIN: ['"start"', "cannot be a join", "Remove the parameter"],
  END_IS_JOIN: ['"end"', "should not be a join", "Add a join step before it"],
  END_HAS_TRANSITION: ['"end"', "should not call this.next()", "remove"],
  JOIN_IS_SPLIT: ['"join"', "both a join step", "branch", "add a new step"],
  MISSING_TRANSITION: ['"train"', "missing a this.next()", "last statement"],
  INVALID_TRANSITION: ['"start"', "invalid this.next()", "inside a block", "Supported forms"],
  SWITCH_TOO_FEW_CASES: ['"start"', '"mode"', "at least 2", "this.next(this.quick)"],
  UNKNOWN_TRANSITION: ['"start"', "this.trian", '"trian" is not a step', "start, train, end", "@step"],
  FLOW_CYCLE: ["loop", "fetch -> parse -> fetch", "switch", '"parse"'],
  ORPHAN_STEP: ['"evaluate"', "unreachable", "this.next(this.evaluate)"],
  FOREACH_INTO_JOIN: ['"start"', "foreach", '"join"', "Add at least one step"],
  SWITCH_INTO_JOIN: ['"a"', '"join"', "conditional path", "intermediate"],
  JOIN_WITHOUT_SPLIT: ['"combine"', "not preceded by a split"],
  JOIN_UNRELATED_SPLITS: ['"join"', "unrelated splits", '"a"'],
  JOIN_BRANCH_MISMATCH: ['"compare"', '"start"', "3 branches", '"tpu"'],
  MERGE_WITHOUT_JOIN: ['"join"', '"a"', '"b"', "parallel", "inputs: Inputs<ForgotInputsFlow>"],
  END_INSIDE_SPLIT: ['"end"', "before the split started at \"start\"", '"process"', "Add a join step"],
  LOOP_ACROSS_SPLIT: ['"decide"', '"prepare"', "different split"],
  FLOW_CLASS_NOT_FOUND: ["No flow class", "extends FlowSpec"],
  FLOW_CLASS_AMBIGUOUS: ["TrainFlow", "ScoreFlow", "export", "main("],
  FLOW_SYNTAX: ["syntax error", "',' expected"],
};

const fixtures = readdirSync(dir).filter((f) => f.endsWith(".ts") || f.endsWith(".ts.txt"));

test("there is a fixture for every code in the keyword table", () => {
  const covered = new Set(fixtures.map((f) => expected(readFileSync(dir + f, "utf8")).code));
  assert.deepEqual([...covered].sort(), Object.keys(keywords).sort());
});

for (const file of fixtures) {
  test(`fixture ${file}`, () => {
    const text = readFileSync(dir + file, "utf8");
    const want = expected(text);
    const { graph, diagnostics } = parseFlowSource(text, `test/flows/lint/${file}`);
    const all = [...diagnostics, ...(graph === undefined ? [] : lintGraph(graph))];
    assert.equal(all.length, 1, all.map(formatDiagnostic).join("\n"));
    const [d] = all;
    assert.ok(d !== undefined);
    assert.equal(d.code, want.code);
    assert.equal(d.severity, "error");
    assert.equal(d.source?.line, want.line, formatDiagnostic(d));
    assert.equal(d.source?.file, `test/flows/lint/${file}`);
    for (const word of keywords[want.code] ?? []) assert.ok(d.message.includes(word), `${JSON.stringify(word)} not in: ${d.message}`);
  });
}

function expected(text: string): { code: string; line: number } {
  const lines = text.split("\n");
  const index = lines.findIndex((l) => /\/\/ error: [A-Z_]+/.test(l));
  const code = /\/\/ error: ([A-Z_]+)/.exec(lines[index] ?? "")?.[1];
  assert.ok(code !== undefined, "fixture has no `// error: CODE` marker");
  return { code, line: index + 1 };
}
