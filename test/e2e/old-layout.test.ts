/**
 * Runs written by versions whose done record did not carry the artifact index (it was a record of
 * its own, `<n>.data.json`) still read: the client, `dump`, `logs`, resume and gc. The test lays such
 * a datastore out by running a flow and moving every index out of its done record, into the file
 * those versions wrote.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { flowPath, runCli, runFlow, type FlowRunResult } from "../utils/cli.js";
import { assertSucceeded, byIndex, openRun, tasksOf } from "../utils/client.js";

/** Every file under `dir` whose name ends with `suffix`. */
function filesEndingWith(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(suffix))
    .map((f) => join(dir, f));
}

/** Rewrites a run as older versions laid it out; returns how many indexes were moved. */
function toOldLayout(runDir: string): number {
  let moved = 0;
  for (const file of filesEndingWith(runDir, ".done.json")) {
    const { index, ...done } = JSON.parse(readFileSync(file, "utf8")) as { index?: unknown };
    if (index === undefined) continue;
    writeFileSync(file.replace(/\.done\.json$/, ".data.json"), JSON.stringify(index));
    writeFileSync(file, JSON.stringify(done));
    moved += 1;
  }
  return moved;
}

/** The values the foreach flow computes. */
const expectedValues = ["x:0", "y:1", "z:2", "w:3"];

async function assertReadable(r: FlowRunResult): Promise<void> {
  const run = await openRun("ForeachFlow", r);
  assert.equal(run.successful, true);
  const data = await run.data();
  assert.deepEqual(data["values"], expectedValues);
  assert.equal(data["joined"], 4);
  assert.deepEqual(data["items"], ["x", "y", "z", "w"], "merged artifact");
  const bodies = byIndex(await tasksOf(run, "body"));
  assert.deepEqual(await Promise.all(bodies.map((t) => t.artifact("value"))), expectedValues);
}

describe("a datastore written in the layout of older versions (index in data.json)", () => {
  const origin = (async () => {
    const first = await runFlow(flowPath("foreach.ts"));
    assertSucceeded(first);
    const runDir = join(first.datastoreRoot, "ForeachFlow", first.runId as string);
    // _parameters, start, 4 bodies, join, end
    assert.equal(toOldLayout(runDir), 8, "every successful task's index moved to data.json");
    assert.equal(filesEndingWith(runDir, ".data.json").length, 8);
    return first;
  })();

  test("the client, dump and logs read it", async () => {
    const first = await origin;
    await assertReadable(first);
    const root = first.datastoreRoot;
    const dump = await runCli(["dump", `ForeachFlow/${first.runId}/join`, "--datastore-root", root], { cwd: first.cwd });
    assert.equal(dump.code, 0, dump.stderr);
    for (const v of expectedValues) assert.match(dump.stdout, new RegExp(v));
    const run = await openRun("ForeachFlow", first);
    const body = byIndex(await tasksOf(run, "body"))[2];
    assert.ok(body);
    assert.match(await body.stdout(), /body z:2/);
    const logs = await runCli(["logs", body.pathspec, "--datastore-root", root], { cwd: first.cwd });
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /body z:2/);
  });

  test("resume reuses its tasks (their index copied into the new done records) and gc keeps its blobs", async () => {
    const first = await origin;
    const second = await runFlow(flowPath("foreach.ts"), ["join"], { command: "resume", cwd: first.cwd, datastoreRoot: first.datastoreRoot });
    assertSucceeded(second);
    await assertReadable(second);
    const secondDir = join(second.datastoreRoot, "ForeachFlow", second.runId as string);
    assert.deepEqual(filesEndingWith(secondDir, ".data.json"), [], "the new run is written in the current layout");
    const run = await openRun("ForeachFlow", first);
    for (const t of byIndex(await tasksOf(run, "body"))) {
      const id = t.pathspec.split("/").at(-1) as string;
      const clone = JSON.parse(readFileSync(join(secondDir, "body", id, "0.done.json"), "utf8")) as { origin?: string; index?: unknown };
      assert.equal(clone.origin, t.pathspec);
      const old = JSON.parse(readFileSync(join(first.datastoreRoot, "ForeachFlow", first.runId as string, "body", id, "0.data.json"), "utf8")) as unknown;
      assert.deepEqual(clone.index, old, `body ${id} reuses the origin's artifacts by reference`);
    }

    // A blob no run references: the only one gc may delete.
    const stray = "f".repeat(64);
    mkdirSync(join(first.datastoreRoot, "ForeachFlow", "data", "ff"), { recursive: true });
    writeFileSync(join(first.datastoreRoot, "ForeachFlow", "data", "ff", stray), "unreferenced");
    const gc = await runCli(["gc", "ForeachFlow", "--keep-last", "2", "--json", "--datastore-root", first.datastoreRoot], { cwd: first.cwd });
    assert.equal(gc.code, 0, gc.stderr);
    const report = JSON.parse(gc.stdout) as { flows: { deletedRuns: unknown[]; blobs: { files: number } }[] };
    assert.equal(report.flows[0]?.deletedRuns.length, 0);
    assert.equal(report.flows[0]?.blobs.files, 1, "only the unreferenced blob is deleted");
    assert.equal(existsSync(join(first.datastoreRoot, "ForeachFlow", "data", "ff", stray)), false);
    await assertReadable(first);
    await assertReadable(second);
  });
});
