/**
 * Behaviour: artifact propagation and round trip of structured values, mergeArtifacts with
 * include/exclude, `current` in every kind of task, and IncludeFile (text and bytes).
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { copyFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { flowPath, limiter, RUN_CONCURRENCY, makeTmpDir, runFlow } from "../utils/cli.js";
import { assertSucceeded, byIndex, onlyTaskData, openRun, tasksOf } from "../utils/client.js";

const NOTES = "first line ✓\nsecond line\n";
const BLOB = Uint8Array.from([0, 1, 2, 255, 128, 10, 13, 0]);

/** The flow and its default files in one folder, run from another: defaults resolve from the flow file, `--notes` from the cwd. */
async function runIncludeFile() {
  const flowDir = await makeTmpDir();
  const flow = join(flowDir, "include-file.ts");
  await copyFile(flowPath("include-file.ts"), flow);
  await writeFile(join(flowDir, "notes.txt"), NOTES, "utf8");
  await writeFile(join(flowDir, "blob.bin"), BLOB);
  const cwd = await makeTmpDir();
  await writeFile(join(cwd, "notes.txt"), "the cwd's notes: not a default\n", "utf8");
  await writeFile(join(cwd, "other-notes.txt"), "other file\n", "utf8");
  return {
    defaults: await runFlow(flow, [], { cwd }),
    explicit: await runFlow(flow, ["--notes", "other-notes.txt"], { cwd }),
  };
}

const limit = limiter(RUN_CONCURRENCY);
const runs = {
  artifacts: limit(() => runFlow(flowPath("artifacts.ts"))),
  merge: limit(() => runFlow(flowPath("merge.ts"))),
  current: limit(() => runFlow(flowPath("current.ts"))),
  includeFile: limit(runIncludeFile),
};

describe("behaviour: artifacts", () => {
  test("artifacts set in start reach end through branch, foreach and switch; structured values round-trip", async () => {
    const r = await runs.artifacts;
    assertSucceeded(r);
    const run = await openRun("ArtifactsFlow", r);
    const data = await run.data();
    // Checks done inside the tasks (after deserialization in each task process).
    for (const key of ["branchChecks", "bodyChecks", "endChecks"]) {
      const checks = data[key] as Record<string, boolean>;
      assert.ok(checks, `${key} is present in end`);
      for (const [name, ok] of Object.entries(checks)) assert.equal(ok, true, `${key}.${name}`);
    }
    assert.equal(data["wentThroughSwitch"], true);
    assert.deepEqual(data["doubledAll"], [2, 4]);
    // The same values, read back by the client.
    assert.equal(data["origin"], "start");
    assert.ok(data["map"] instanceof Map);
    assert.deepEqual([...(data["map"] as Map<string, number>)], [["a", 1], ["b", 2]]);
    assert.ok(data["set"] instanceof Set);
    assert.deepEqual([...(data["set"] as Set<string>)], ["x", "y"]);
    assert.ok(data["date"] instanceof Date);
    assert.equal((data["date"] as Date).toISOString(), "2024-02-29T12:34:56.789Z");
    assert.equal(data["big"], 2n ** 70n);
    assert.ok(data["buf"] instanceof Uint8Array);
    assert.equal(Buffer.from(data["buf"] as Uint8Array).toString("utf8"), "héllo");
    assert.ok(data["floats"] instanceof Float64Array);
    assert.deepEqual([...(data["floats"] as Float64Array)], [1.5, 2.5, 3.5]);
    assert.ok(data["ints"] instanceof Int32Array);
    assert.deepEqual([...(data["ints"] as Int32Array)], [-7, 8]);
    const nested = data["nested"] as { list: unknown[]; when: Date; text: string };
    assert.deepEqual(nested.list, [1, 2, { deep: true }]);
    assert.ok(nested.when instanceof Date);
    assert.equal(nested.text, "ünïcödé ✓");
    const special = data["special"] as { nan: number; inf: number; negZero: number };
    assert.ok(Number.isNaN(special.nan));
    assert.equal(special.inf, Infinity);
    assert.ok(Object.is(special.negZero, -0));
    const bodies = byIndex(await tasksOf(run, "body"));
    assert.deepEqual(await Promise.all(bodies.map((t) => t.artifact("doubled"))), [2, 4]);
    assert.ok((await bodies[0]!.artifact("map")) instanceof Map, "inherited artifacts are readable on every task");
  });

  test("mergeArtifacts: exclude drops a conflict, unambiguous artifacts merge, include limits the merge", async () => {
    const r = await runs.merge;
    assertSucceeded(r);
    const run = await openRun("MergeFlow", r);
    const join1 = await onlyTaskData(run, "join1");
    assert.equal(join1["shared"], "from-start", "equal in all inputs: merged");
    assert.equal(join1["same"], "equal", "set in both branches to equal values: merged");
    assert.equal(join1["onlyA"], 1, "present in one input only: unambiguous, merged");
    assert.equal(join1["onlyB"], 2, "present in one input only: unambiguous, merged");
    assert.equal(join1["chosen"], "from-a", "set explicitly in the join");
    assert.equal(join1["clash"], undefined, "excluded conflict is not merged");
    const data = await run.data();
    assert.equal(data["keep"], "kept");
    assert.equal(data["shared"], "from-start");
    assert.equal(data["x"], undefined, "not in include: not merged (and its conflict is ignored)");
    assert.equal(data["onlyA"], undefined, "not in include: not merged");
  });

  test("current: flow, run, step, task, pathspec, retry count and user in every task", async () => {
    const r = await runs.current;
    assertSucceeded(r);
    const run = await openRun("CurrentFlow", r);
    const data = await run.data();
    type Info = { flowName: string; runId: string; stepName: string; taskId: string; pathspec: string; retryCount: number; username: string };
    const check = (info: Info, stepName: string): void => {
      assert.equal(info.flowName, "CurrentFlow");
      assert.equal(info.runId, r.runId);
      assert.equal(info.stepName, stepName);
      assert.ok(info.taskId.length > 0, "taskId is set");
      assert.equal(info.pathspec, `CurrentFlow/${r.runId}/${stepName}/${info.taskId}`);
      assert.equal(info.retryCount, 0);
      assert.equal(typeof info.username, "string");
      assert.ok(info.username.length > 0, "username is set");
    };
    check(data["info"] as Info, "end");
    check(data["startInfo"] as Info, "start");
    const bodyInfos = data["bodyInfos"] as Info[];
    assert.equal(bodyInfos.length, 2);
    for (const info of bodyInfos) check(info, "body");
    const taskIds = new Set([...bodyInfos, data["info"] as Info, data["startInfo"] as Info].map((i) => i.taskId));
    assert.equal(taskIds.size, 4, "task ids are distinct within a run");
    assert.equal(new Set(bodyInfos.map((i) => i.username).concat((data["info"] as Info).username)).size, 1);
    const [endTask] = await tasksOf(run, "end");
    assert.match(await endTask!.stdout(), new RegExp(`pathspec=CurrentFlow/${r.runId}/end/${(data["info"] as Info).taskId}`));
  });

  test("IncludeFile: text and bytes become versioned artifacts; --name overrides the path", async () => {
    const { defaults, explicit } = await runs.includeFile;
    assertSucceeded(defaults);
    const run = await openRun("IncludeFileFlow", defaults);
    const data = await run.data();
    assert.equal(data["notes"], NOTES);
    assert.equal(data["notesLength"], NOTES.length);
    assert.equal(data["firstLine"], "first line ✓");
    assert.equal(data["blobIsBytes"], true);
    assert.equal(data["blobLength"], BLOB.length);
    assert.deepEqual(data["blobHead"], [0, 1, 2, 255]);
    assert.ok(data["blob"] instanceof Uint8Array, "a binary IncludeFile is a Uint8Array");
    assert.deepEqual([...(data["blob"] as Uint8Array)], [...BLOB]);

    assertSucceeded(explicit);
    const run2 = await openRun("IncludeFileFlow", explicit);
    const data2 = await run2.data();
    assert.equal(data2["notes"], "other file\n");
    assert.equal(data2["firstLine"], "other file");
    assert.notEqual(run2.id, run.id);
  });
});
