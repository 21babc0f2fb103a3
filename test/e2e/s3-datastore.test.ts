/**
 * Runs stored in S3 (the server of .ci/services/10-s3.sh, a fresh bucket per test): every command
 * works on an `s3://` root and nothing lands in `./.metaflow`; the client lists a foreach in
 * batched, parallel requests; the code package is uploaded once and never downloaded back; a missing
 * bucket and an unreachable endpoint are clear errors (denied, throttled and failed requests:
 * s3-faults.test.ts; resume and a SIGKILLed scheduler: s3-resume.test.ts).
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { flowPath, makeTmpDir, runCli, runFlow } from "../utils/cli.js";
import { assertSucceeded, openRun, tasksOf } from "../utils/client.js";
import { freshS3Root, s3Env, s3Service } from "../utils/s3.js";
import { startS3FaultProxy } from "../doubles/s3-fault-proxy.js";

describe("S3 datastore", { skip: s3Service.skip }, () => {
  test("run, dump, logs, runs, tag and the client on s3://; nothing in ./.metaflow", async () => {
    const root = await freshS3Root("team/runs");
    const cwd = await makeTmpDir("mfts-s3-");
    // Warnings on (s3Env turns them off): the SDK's Node-version warning must be said at most once.
    const r = await runFlow(flowPath("foreach.ts"), [], { cwd, datastoreRoot: root, env: { ...s3Env(), NODE_NO_WARNINGS: "0" } });
    assertSucceeded(r);
    // The SDK's Node-version warning (Node < 22) is said at most once per command, not once per task thread.
    assert.ok((r.stderr.match(/NodeVersionSupportWarning/g) ?? []).length <= 1, r.stderr);
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

  test("the code package is uploaded once per run and not downloaded back; tasks in their own processes share this machine's copy", async () => {
    const root = await freshS3Root();
    const cache = await makeTmpDir("mfts-s3-code-cache-");
    const proxy = await startS3FaultProxy(s3Service.value as string);
    try {
      const env = { ...s3Env(), AWS_ENDPOINT_URL_S3: proxy.url, METAFLOW_TS_CODE_CACHE: cache, METAFLOW_TS_ISOLATION: "process" };
      const r = await runFlow(flowPath("foreach.ts"), [], { datastoreRoot: root, env });
      assertSucceeded(r);
      assert.ok((r.stdout.match(/Task finished successfully/g) ?? []).length >= 7, "several task processes ran");
      const code = proxy.requests.filter((q) => /\/ForeachFlow\/code\//.test(q.path));
      assert.deepEqual(code.map((q) => q.method), ["PUT"], `one upload, no download: ${code.map((q) => `${q.method} ${q.path}`).join(", ")}`);
      const sha = /\/code\/([0-9a-f]{64})\.mjs$/.exec(code[0]!.path)?.[1];
      assert.deepEqual(await readdir(cache), [`${sha}.mjs`], "this machine's copy, by hash");
    } finally {
      await proxy.close();
    }
  });

  test("a missing bucket, an unreachable endpoint and an invalid root are clear errors naming what to fix", async () => {
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
