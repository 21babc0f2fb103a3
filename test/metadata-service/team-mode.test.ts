/**
 * Team mode end to end: runs started by the CLI with METAFLOW_SERVICE_URL record flows, runs,
 * attempts, tags and heartbeats in the metadata service (on a real PostgreSQL), the CLI reads them
 * back from it, a run whose scheduler is killed shows as dead, a service restart mid-run costs a
 * pause and not the run, and two runs at once get their own ids.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ServiceMetadata } from "../../src/plugins/metadata/service/client/service-metadata.js";
import { startMetadataService, type MetadataService } from "../../src/plugins/metadata/service/server/start-service.js";
import { describeResult, flowPath, makeTmpDir, runCli, runFlow } from "../utils/cli.js";
import { createTestDatabase, postgres } from "../utils/postgres.js";
import { startCli } from "../utils/processes.js";

describe("team mode: runs recorded in the metadata service", { skip: postgres.skip }, () => {
  let service: MetadataService;
  let databaseUrl: string;
  let md: ServiceMetadata;
  let env: Record<string, string>;
  before(async () => {
    databaseUrl = await createTestDatabase();
    service = await startMetadataService({ databaseUrl, port: 0, deadAfterSeconds: 5 });
    md = new ServiceMetadata({ url: service.url });
    env = { METAFLOW_SERVICE_URL: service.url, METAFLOW_HEARTBEAT_INTERVAL: "0.2" };
  });
  after(async () => service.close());

  test("a run's records, attempts and tags live in the service; the CLI reads them from it", async () => {
    const r = await runFlow(flowPath("foreach.ts"), [], { env });
    assert.equal(r.code, 0, describeResult(r));
    const runId = r.runId!;
    assert.equal(existsSync(join(r.datastoreRoot, "ForeachFlow", runId, "_run.json")), false, "no run record in the datastore");
    assert.equal((await md.getRun("ForeachFlow", runId))?.runId, runId);
    assert.equal(await md.runStatus("ForeachFlow", runId), "succeeded");
    const attempts = (await (await fetch(`${service.url}/api/v1/flows/ForeachFlow/runs/${runId}/attempts`)).json()) as { attempts: { step: string; status: string }[] };
    assert.deepEqual(attempts.attempts.map((a) => a.step).sort(), ["body", "body", "body", "body", "end", "join", "start"]);
    assert.ok(attempts.attempts.every((a) => a.status === "succeeded"));

    const cli = (args: string[]) => runCli(args, { cwd: r.cwd, env });
    const tag = await cli(["tag", "add", `ForeachFlow/${runId}`, "reviewed", "--datastore-root", r.datastoreRoot]);
    assert.equal(tag.code, 0, describeResult(tag));
    assert.deepEqual((await md.getRun("ForeachFlow", runId))?.tags, ["reviewed"]);
    const runs = await cli(["runs", "ForeachFlow", "--json", "--datastore-root", r.datastoreRoot]);
    assert.equal(runs.code, 0, describeResult(runs));
    const listed = JSON.parse(runs.stdout) as { runId: string; status: string; tags: string[] }[];
    assert.deepEqual(listed.map((x) => [x.runId, x.status, x.tags]), [[runId, "succeeded", ["reviewed"]]]);
    const dump = await cli(["dump", `ForeachFlow/${runId}/join`, "--datastore-root", r.datastoreRoot]);
    assert.equal(dump.code, 0, describeResult(dump));
    assert.match(dump.stdout, /values/);
    // Without the service, the same datastore has no runs of that flow: the records are in the service.
    const local = await runCli(["runs", "ForeachFlow", "--json", "--datastore-root", r.datastoreRoot], { cwd: r.cwd });
    assert.doesNotMatch(local.stdout, new RegExp(runId));
  });

  test("two runs at once get their own ids and both succeed", async () => {
    const cwd = await makeTmpDir();
    const [a, b] = await Promise.all([runFlow(flowPath("linear.ts"), [], { env, cwd }), runFlow(flowPath("linear.ts"), [], { env, cwd })]);
    assert.equal(a.code, 0, describeResult(a));
    assert.equal(b.code, 0, describeResult(b));
    assert.notEqual(a.runId, b.runId);
    const flow = (await md.getRun("LinearFlow", a.runId!))?.flowName ?? "";
    const ids = await md.listRuns(flow);
    assert.ok(ids.includes(a.runId!) && ids.includes(b.runId!));
  });

  test("gc deletes a run's data and then its records in the service", async () => {
    const cwd = await makeTmpDir();
    const a = await runFlow(flowPath("branch.ts"), [], { env, cwd });
    const b = await runFlow(flowPath("branch.ts"), [], { env, cwd });
    assert.equal(a.code, 0, describeResult(a));
    assert.equal(b.code, 0, describeResult(b));
    const flow = (await md.getRun("BranchFlow", a.runId!))?.flowName;
    assert.equal(flow, "BranchFlow");
    const gc = await runCli(["gc", "BranchFlow", "--keep-last", "1", "--datastore-root", a.datastoreRoot], { cwd, env });
    assert.equal(gc.code, 0, describeResult(gc));
    assert.equal(await md.getRun("BranchFlow", a.runId!), undefined);
    assert.equal((await md.getRun("BranchFlow", b.runId!))?.runId, b.runId);
    assert.equal(existsSync(join(a.datastoreRoot, "BranchFlow", a.runId!)), false);
  });

  test("a run whose scheduler was killed is reported dead, not running", async () => {
    const cwd = await makeTmpDir();
    const runIdFile = join(cwd, "run-id");
    const cli = await startCli(["run", flowPath("client/slow.ts"), "--run-id-file", runIdFile, "--datastore-root", join(cwd, ".metaflow")], { cwd, env: { ...env, SLOW_MS: "60000" } });
    await cli.waitFor(/waiting/);
    const { readFile } = await import("node:fs/promises");
    const runId = (await readFile(runIdFile, "utf8")).trim();
    assert.equal(await md.runStatus("SlowFlow", runId), "running");
    cli.child.kill("SIGKILL");
    await cli.result;
    // Heartbeats stop with the scheduler; after the service's dead-after time (5 s) the run is dead.
    let status = await md.runStatus("SlowFlow", runId);
    for (let i = 0; i < 600 && status === "running"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = await md.runStatus("SlowFlow", runId);
    }
    assert.equal(status, "dead");
    const runs = await runCli(["runs", "SlowFlow", "--json"], { cwd, env });
    assert.equal(runs.code, 0, describeResult(runs));
    assert.equal((JSON.parse(runs.stdout) as { runId: string; status: string }[]).find((x) => x.runId === runId)?.status, "dead");
  });

  test("the service restarting mid-run costs a pause, not the run", async () => {
    const db = await createTestDatabase();
    const { createServer } = await import("node:net");
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    let s = await startMetadataService({ databaseUrl: db, port });
    const cwd = await makeTmpDir();
    const runIdFile = join(cwd, "run-id");
    const cli = await startCli(["run", flowPath("client/slow.ts"), "--run-id-file", runIdFile, "--datastore-root", join(cwd, ".metaflow")], { cwd, env: { ...env, METAFLOW_SERVICE_URL: s.url, SLOW_MS: "1500" } });
    await cli.waitFor(/waiting/);
    await s.close();
    await new Promise((r) => setTimeout(r, 800));
    s = await startMetadataService({ databaseUrl: db, port });
    try {
      const result = await cli.result;
      assert.equal(result.code, 0, describeResult(result));
      const { readFile } = await import("node:fs/promises");
      const runId = (await readFile(runIdFile, "utf8")).trim();
      assert.equal(await new ServiceMetadata({ url: s.url }).runStatus("SlowFlow", runId), "succeeded");
    } finally {
      await s.close();
    }
  });
});
