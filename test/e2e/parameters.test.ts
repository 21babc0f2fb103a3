/**
 * Behaviour: parameters on the command line. Values of every type reach the tasks with the
 * right JS type; defaults (plain and computed) apply; a missing required parameter, a value
 * of the wrong type, bad JSON and an unknown option are rejected before any task runs;
 * `run --help` lists the flow's parameters with their help text.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { describeResult, flowPath, limiter, RUN_CONCURRENCY, runCli, runFlow, type FlowRunResult } from "../utils/cli.js";
import { assertMentions, assertSucceeded, openRun, tasksOf } from "../utils/client.js";

const FLOW = flowPath("parameters.ts");
const limit = limiter(RUN_CONCURRENCY);
const runs = {
  ok: limit(() =>
    runFlow(FLOW, ["--who", "Ada", "--name", "Bob", "--count", "2", "--ratio", "0.25", "--opts", '{"depth":5,"tags":["x"]}']),
  ),
  missingRequired: limit(() => runFlow(FLOW, ["--name", "Bob"])),
  badNumber: limit(() => runFlow(FLOW, ["--who", "Ada", "--count", "abc"])),
  badJson: limit(() => runFlow(FLOW, ["--who", "Ada", "--opts", "{not json"])),
  unknown: limit(() => runFlow(FLOW, ["--who", "Ada", "--foo", "1"])),
  help: limit(() => runCli(["run", FLOW, "--help"])),
};

/** Asserts a parameter problem: exit 1 or 2, no `Done!`, the message names `words`, no task ran. */
async function assertRejected(r: FlowRunResult, ...words: Array<string | RegExp>): Promise<void> {
  assert.ok(r.code === 1 || r.code === 2, `expected exit 1 or 2\n${describeResult(r)}`);
  assert.doesNotMatch(r.output, /^Done!$/m);
  assertMentions(r, ...words);
  if (r.runId !== undefined) {
    const run = await openRun("ParametersFlow", r);
    assert.notEqual(run.successful, true);
    assert.equal((await tasksOf(run, "start")).length, 0, "no task runs when parameters are invalid");
  }
}

describe("behaviour: parameters", () => {
  test("values of every type reach the tasks; defaults apply to the rest", async () => {
    const r = await runs.ok;
    assertSucceeded(r);
    assertMentions(r, "hello Bob and Ada / hello Bob and Ada");
    const run = await openRun("ParametersFlow", r);
    const data = await run.data();
    const expected = {
      name: "Bob",
      count: 2,
      ratio: 0.25,
      loud: false,
      opts: { depth: 5, tags: ["x"] },
      who: "Ada",
      stamp: "computed-default",
    };
    assert.deepEqual(data["seenInEnd"], expected, "parameters as seen inside the end task");
    for (const [k, v] of Object.entries(expected)) assert.deepEqual(data[k], v, `parameter ${k} is an artifact of the run`);
    assert.deepEqual(data["types"], {
      name: "string",
      count: "number",
      ratio: "number",
      loud: "boolean",
      opts: "object",
      who: "string",
      stamp: "string",
    });
    assert.equal(data["greeting"], "hello Bob and Ada / hello Bob and Ada");
  });

  test("a missing required parameter is rejected and named", async () => {
    await assertRejected(await runs.missingRequired, /\bwho\b/, /required|missing/i);
  });

  test("a non-numeric value for a number parameter is rejected and named", async () => {
    await assertRejected(await runs.badNumber, /\bcount\b/, /abc|number/i);
  });

  test("invalid JSON for a json parameter is rejected and named", async () => {
    await assertRejected(await runs.badJson, /\bopts\b/, /json/i);
  });

  test("an unknown option is a usage error (exit 2)", async () => {
    const r = await runs.unknown;
    assert.equal(r.code, 2, describeResult(r));
    assertMentions(r, /foo/);
    assert.doesNotMatch(r.output, /^Done!$/m);
  });

  test("run --help lists the parameters with their help text", async () => {
    const r = await runs.help;
    assert.equal(r.code, 0, describeResult(r));
    assertMentions(
      r,
      "--name",
      "who to greet",
      "--count",
      "how many times to repeat",
      "--ratio",
      "--loud",
      "--opts",
      "options as JSON",
      "--who",
      "the required person",
      "--stamp",
      "--max-workers",
    );
  });
});
