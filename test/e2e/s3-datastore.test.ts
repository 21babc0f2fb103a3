/**
 * Runs stored in S3 (the server of .ci/services/10-s3.sh, a fresh bucket per test): every command
 * works on an `s3://` root and nothing lands in `./.metaflow`; the client lists a foreach in
 * batched, parallel requests; a SIGKILLed scheduler leaves a consistent datastore that `resume`
 * completes; a missing bucket and an unreachable endpoint are clear errors (denied, throttled and
 * failed requests: s3-faults.test.ts).
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { flowPath, makeTmpDir, runCli, runFlow } from "../utils/cli.js";
import { assertSucceeded, openRun, tasksOf } from "../utils/client.js";
import { startFlow } from "../utils/processes.js";
import { assertConsistentS3, freshS3Root, s3Env, s3Service } from "../utils/s3.js";

describe("S3 datastore", { skip: s3Service.skip }, () => {
  test("run, dump, logs, runs, tag and the client on s3://; nothing in ./.metaflow", async () => {
    const root = await freshS3Root("team/runs");
    const cwd = await makeTmpDir("mfts-s3-");
    const r = await runFlow(flowPath("foreach.ts"), [], { cwd, datastoreRoot: root, env: s3Env() });
    assertSucceeded(r);
    assert.equal(existsSync(join(cwd, ".metaflow")), false, "nothing is stored locally");
    const cli = (args: string[]) => runCli([...args, "--datastore-root", root], { cwd, env: s3Env() });
    const runs = await cli(["runs", "ForeachFlow"]);
    assert.equal(runs.code, 0, runs.output);
    assert.match(runs.stdout, new RegExp(`${r.runId}\\s+succeeded`));
    const dump = await cli(["dump", `ForeachFlow/${r.runId}/end`, "--json"]);
    assert.equal(dump.code, 0, dump.output);
    const logs = await cli(["logs", `ForeachFlow/${r.runId}/start`]);
    assert.equal(logs.code, 0, logs.output);
    const tag = await cli(["tag", "add", `ForeachFlow/${r.runId}`, "shared"]);
    assert.equal(tag.code, 0, tag.output);
    const run = await openRun("ForeachFlow", r);
    assert.ok(run.successful);
    assert.ok(run.tags.includes("shared"));
    const bodies = await tasksOf(run, "body");
    assert.ok(bodies.length > 1);
    for (const t of bodies) assert.ok(t.successful);
  });

  test("kill -9 of the scheduler mid-run on S3: consistent leftovers, and resume completes with the same results", async () => {
    const flow = flowPath(join("failures", "fault.ts"));
    const root = await freshS3Root();
    const slow = { timeoutMs: 600_000 }; // 30 tasks on a loaded machine: a generous limit, not a measurement
    const reference = await runFlow(flow, [], { datastoreRoot: root, env: s3Env(), ...slow });
    assertSucceeded(reference);
    const started = await startFlow(flow, [], { datastoreRoot: root, env: s3Env(), timeoutMs: 600_000 });
    await started.waitFor(/^Workflow starting(?:[\s\S]*?Task finished successfully){8}/m, 240_000);
    started.child.kill("SIGKILL");
    const killed = await started.finished;
    assert.notEqual(killed.code, 0);
    await assertConsistentS3(root);
    const resumed = await runFlow(flow, [], { command: "resume", cwd: started.cwd, datastoreRoot: root, env: s3Env(), ...slow });
    assertSucceeded(resumed);
    const [a, b] = [await openRun("FaultFlow", reference), await openRun("FaultFlow", resumed)];
    assert.deepEqual(await b.data(), await a.data());
    await assertConsistentS3(root);
  });

  test("a missing bucket, an unreachable endpoint and denied credentials are clear errors naming what to fix", async () => {
    const cwd = await makeTmpDir("mfts-s3-bad-");
    const missing = await runFlow(flowPath("linear.ts"), [], { cwd, datastoreRoot: "s3://no-such-bucket-mfts/p", env: s3Env() });
    assert.notEqual(missing.code, 0);
    assert.match(missing.output, /bucket 'no-such-bucket-mfts' does not exist/);
    assert.doesNotMatch(missing.output, /^\s+at /m, "no stack trace");
    const root = await freshS3Root();
    const unreachable = await runFlow(flowPath("linear.ts"), [], { cwd, datastoreRoot: root, env: { ...s3Env(), AWS_ENDPOINT_URL_S3: "http://127.0.0.1:9", AWS_MAX_ATTEMPTS: "2" } });
    assert.notEqual(unreachable.code, 0);
    assert.match(unreachable.output, /cannot reach the S3 endpoint http:\/\/127\.0\.0\.1:9/);
    assert.match(unreachable.output, new RegExp(root.replace(/[/.]/g, "\\$&")));
    const invalid = await runCli(["runs", "ForeachFlow", "--datastore-root", "s3://Bad_Bucket/x"], { cwd, env: s3Env() });
    assert.notEqual(invalid.code, 0);
    assert.match(invalid.output, /Invalid S3 datastore root/);
  });
});
