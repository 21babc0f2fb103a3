/**
 * Behaviour: failing runs. A step that throws, a foreach over a non-iterable or an empty
 * list, a switch value with no case, an unserializable artifact, writing a parameter, and
 * a merge conflict. Each must exit 1, name the failed task and the cause, leave the run
 * marked unsuccessful, and never run the steps after the failure.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { Flow } from "metaflow-ts";
import { flowPath, limiter, RUN_CONCURRENCY, runFlow, type FlowRunResult } from "../utils/cli.js";
import { assertFailed, openRun, tasksOf, useDatastore } from "../utils/client.js";

const limit = limiter(RUN_CONCURRENCY);
const runs = {
  failure: limit(() => runFlow(flowPath("failure.ts"))),
  notIterable: limit(() => runFlow(flowPath("foreach-not-iterable.ts"))),
  empty: limit(() => runFlow(flowPath("foreach-empty.ts"))),
  noMatch: limit(() => runFlow(flowPath("switch-no-match.ts"))),
  unserializable: limit(() => runFlow(flowPath("unserializable.ts"))),
  readOnly: limit(() => runFlow(flowPath("parameter-read-only.ts"))),
  conflict: limit(() => runFlow(flowPath("merge.ts"), ["--mode", "conflict"])),
};

/** Asserts the run exists, is not successful, and `end` never ran. */
async function assertRunFailed(flowName: string, r: FlowRunResult): Promise<void> {
  const run = await openRun(flowName, r);
  assert.equal(run.successful, false, "a failed run is not successful");
  assert.equal(run.finished, false, "a failed run is not finished (its end step never ran), as in Metaflow");
  assert.equal(run.ended, true, "but it has ended");
  assert.match(run.failure?.task ?? "", new RegExp(`^${flowName}/${r.runId}/`), "the run records which task failed");
  assert.equal((await tasksOf(run, "end")).length, 0, "end never ran");
}

/** A regexp for the pathspec of the failed task `<flow>/<run>/<step>/<task>`. */
function taskPathspec(flowName: string, r: FlowRunResult, stepName: string): RegExp {
  return new RegExp(`${flowName}/${r.runId}/${stepName}/[^\\s:\\])]+`);
}

/** 1-based line of the first line of `file` that contains `needle`. */
async function lineOf(file: string, needle: string): Promise<number> {
  const lines = (await readFile(file, "utf8")).split("\n");
  const i = lines.findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `${needle} not found in ${file}`);
  return i + 1;
}

describe("behaviour: failures", () => {
  test("a step that throws: exit 1, failed task named, error and .ts stack shown, user output kept", async () => {
    const r = await runs.failure;
    assertFailed(r, taskPathspec("FailureFlow", r, "boom"), "kaboom: deliberate failure");
    const file = flowPath("failure.ts");
    assert.match(r.output, new RegExp(`failure\\.ts:${await lineOf(file, "throw new Error(message)")}\\b`), "stack frame of the throw, mapped to the .ts line");
    assert.match(r.output, new RegExp(`failure\\.ts:${await lineOf(file, 'explode("kaboom')}\\b`), "stack frame of the step, mapped to the .ts line");
    assert.match(r.output, /about to fail/, "user output printed before the error is streamed");
    assert.doesNotMatch(r.output, /unreachable/);
    await assertRunFailed("FailureFlow", r);
    const run = await openRun("FailureFlow", r);
    const [startTask] = await tasksOf(run, "start");
    assert.equal(await startTask!.artifact("before"), "ok", "successful tasks before the failure keep their artifacts");
    const boom = await tasksOf(run, "boom");
    assert.equal(boom.length, 1);
    assert.match(await boom[0]!.stdout(), /about to fail/, "the failed task's stdout is stored");
    assert.match(await boom[0]!.stderr(), /kaboom/, "the failed task's error is in its stderr");
    useDatastore(r);
    const latest = await (await Flow.get("FailureFlow")).latestRun();
    assert.equal(latest?.id, r.runId);
    assert.equal(latest?.successful, false);
  });

  test("foreach over a non-iterable: exit 1, names the artifact", async () => {
    const r = await runs.notIterable;
    assertFailed(r, "notAList", taskPathspec("ForeachNotIterableFlow", r, "start"));
    await assertRunFailed("ForeachNotIterableFlow", r);
    const run = await openRun("ForeachNotIterableFlow", r);
    assert.equal((await tasksOf(run, "body")).length, 0);
  });

  test("foreach over an empty list: exit 1, names the artifact", async () => {
    const r = await runs.empty;
    assertFailed(r, "emptyItems", taskPathspec("ForeachEmptyFlow", r, "start"));
    await assertRunFailed("ForeachEmptyFlow", r);
  });

  test("switch value with no matching case: exit 1, names the value and the condition", async () => {
    const r = await runs.noMatch;
    assertFailed(r, "purple", "colour", taskPathspec("SwitchNoMatchFlow", r, "start"));
    await assertRunFailed("SwitchNoMatchFlow", r);
    const run = await openRun("SwitchNoMatchFlow", r);
    assert.equal((await tasksOf(run, "redStep")).length, 0);
    assert.equal((await tasksOf(run, "blueStep")).length, 0);
  });

  test("unserializable artifact (a function): exit 1, names the artifact", async () => {
    const r = await runs.unserializable;
    assertFailed(r, "callback", taskPathspec("UnserializableFlow", r, "start"));
    await assertRunFailed("UnserializableFlow", r);
  });

  test("assigning a parameter in a step: exit 1, names the parameter", async () => {
    const r = await runs.readOnly;
    assertFailed(r, "limit", taskPathspec("ParameterReadOnlyFlow", r, "start"));
    await assertRunFailed("ParameterReadOnlyFlow", r);
  });

  test("mergeArtifacts conflict: exit 1, names the conflicting artifact", async () => {
    const r = await runs.conflict;
    assertFailed(r, "clash", taskPathspec("MergeFlow", r, "join1"));
    await assertRunFailed("MergeFlow", r);
    const run = await openRun("MergeFlow", r);
    assert.equal((await tasksOf(run, "split2")).length, 0, "no step after the failed join runs");
  });
});
