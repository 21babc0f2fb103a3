/**
 * Resume and fault injection on the S3 datastore: the representative part of resume.test.ts and
 * fault-injection.test.ts (which run locally) on the server of .ci/services/10-s3.sh.
 *
 * - Resume after a code fix in a foreach step: the successful siblings are reused by reference
 *   (their artifact index is the origin's, nothing is read or copied: a corrupted blob of a reused
 *   task does not matter), the failed item and what follows run with the fixed code.
 * - The scheduler SIGKILLed at a seeded moment of a 31-task run: the leftovers are consistent
 *   (every record parses, every blob matches its hash), the killed run is not reported finished,
 *   and resume completes with the same final artifacts as an uninterrupted (local) run.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { flowPath, makeTmpDir, runFlow, type FlowRunResult } from "../utils/cli.js";
import { assertFailed, assertSucceeded, byIndex, openRun, tasksOf } from "../utils/client.js";
import { seededRandom, startFlow } from "../utils/processes.js";
import { assertConsistentS3, freshS3Root, s3Env, s3Service } from "../utils/s3.js";
import { openStorage } from "../../src/datastore/storage-registry.js";
import { registerBuiltinBackends } from "../../src/plugins/index.js";

registerBuiltinBackends();
const flow = (name: string): string => flowPath(join("failures", name));
/** 30 tasks on a loaded machine: a generous limit, not a measurement. */
const slow = { timeoutMs: 600_000 };

/** A record of the run's storage, parsed. */
async function readRecord(root: string, key: string): Promise<Record<string, unknown>> {
  const bytes = await openStorage(root).read(key);
  assert.ok(bytes !== undefined, `${root}/${key} exists`);
  return JSON.parse(Buffer.from(bytes).toString("utf8")) as Record<string, unknown>;
}

// Sequential: the client reads METAFLOW_DATASTORE_ROOT, which openRun sets per test.
describe("resume on S3", { skip: s3Service.skip }, () => {
  test("after a code fix in a foreach step: successful siblings reused by reference, the rest re-run with the fixed code", async () => {
    const root = await freshS3Root();
    const cwd = await makeTmpDir("mfts-s3-resume-");
    const file = join(cwd, "resume-foreach.ts");
    await copyFile(flow("resume-foreach.ts"), file);
    const first = await runFlow(file, ["--scale", "10"], { cwd, datastoreRoot: root, env: s3Env() });
    assertFailed(first, "cannot handle item 3");
    const firstRun = await openRun("ResumeForeachFlow", first);
    const okBodies = byIndex(await tasksOf(firstRun, "body")).filter((t) => t.successful);
    assert.ok(okBodies.length >= 2, "several siblings succeeded");
    // A reused task's artifacts are neither read nor copied by resume: corrupting one changes nothing.
    const scratch = okBodies[0]!.artifacts().find((a) => a.name === "scratch");
    assert.ok(scratch);
    await openStorage(root).write(`ResumeForeachFlow/data/${scratch.sha.slice(0, 2)}/${scratch.sha}`, "garbage");
    const source = await readFile(file, "utf8");
    await writeFile(file, source.replace("const BROKEN_ITEM: number = 3;", "const BROKEN_ITEM: number = -1;").replace('const CODE_VERSION: string = "v1";', 'const CODE_VERSION: string = "v2";'));

    const second = await runFlow(file, [], { command: "resume", cwd, datastoreRoot: root, env: s3Env() });
    assertSucceeded(second);
    const reused = [...second.stdout.matchAll(/^\[\d+\/(\w+)\/(\d+)\] Reusing the results of (\S+)\.$/gm)];
    assert.equal(reused.length, okBodies.length + 1, "start and every successful body are reused");
    for (const [, step, task, origin] of reused) {
      const [, originRun, originStep, originTask] = (origin as string).split("/");
      const done = await readRecord(root, `ResumeForeachFlow/${second.runId}/${step}/${task}/0.done.json`);
      assert.equal(done["origin"], origin, "the done record names the origin");
      assert.deepEqual(
        done["index"],
        (await readRecord(root, `ResumeForeachFlow/${originRun}/${originStep}/${originTask}/0.done.json`))["index"],
        `${step}/${task} holds the origin's artifact index (same hashes, no copy)`,
      );
    }
    const data = await (await openRun("ResumeForeachFlow", second)).data();
    assert.equal(data["total"], 550, "parameters come from the origin (--scale 10)");
    const wasReused = (i: number): boolean => okBodies.some((t) => t.index === i);
    assert.deepEqual(data["bodyVersions"], [0, 1, 2, 3, 4].map((i) => (wasReused(i) ? "v1" : "v2")), "re-run bodies used the fixed code");
  });

  test("SIGKILL of the scheduler at a seeded moment: consistent leftovers, and resume gives an uninterrupted run's results", async () => {
    const faultFlow = flow("fault.ts");
    const root = await freshS3Root();
    const reference = runFlow(faultFlow, [], slow); // local: the same results whatever the datastore
    const random = seededRandom(8);
    const afterTasks = 4 + Math.floor(random() * 20);
    const extraMs = Math.floor(random() * 40);
    const started = await startFlow(faultFlow, [], { datastoreRoot: root, env: s3Env(), ...slow });
    await started.waitFor(new RegExp(`^Workflow starting(?:[\\s\\S]*?Task finished successfully){${afterTasks}}`, "m"), 300_000);
    await sleep(extraMs);
    started.child.kill("SIGKILL");
    const killed = await started.finished;
    assert.ok(killed.runId, "the killed run wrote its id");
    await assertConsistentS3(root);
    const killedRun = await openRun("FaultFlow", killed);
    if (!killedRun.ended) assert.equal(killedRun.finished, false, "a killed run without an end record is not reported finished");

    let resumed: FlowRunResult | undefined;
    for (let i = 0; i < 3 && resumed?.code !== 0; i++) {
      resumed = await runFlow(faultFlow, [], { command: "resume", cwd: started.cwd, datastoreRoot: root, env: s3Env(), ...slow });
    }
    assertSucceeded(resumed!);
    assert.match(resumed!.stdout, /Reusing the results of/, `killed after ${afterTasks} tasks + ${extraMs} ms: finished tasks are reused`);
    await assertConsistentS3(root);
    const ref = await reference;
    assertSucceeded(ref);
    const want = await (await openRun("FaultFlow", ref)).data();
    const got = await (await openRun("FaultFlow", resumed!)).data();
    assert.deepEqual(got, want, "same final artifacts as an uninterrupted run");
  });
});
