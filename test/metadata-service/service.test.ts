/**
 * The metadata service on a real PostgreSQL: migrations (twice, and two instances at once),
 * the HTTP API's refusals (malformed data, missing token), listing with filters and paging,
 * dead runs, and clients riding out a service restart.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import pg from "pg";
import { ServiceMetadata } from "../../src/plugins/metadata/service/client/service-metadata.js";
import { startMetadataService, type MetadataService } from "../../src/plugins/metadata/service/server/start-service.js";
import type { RunRecord } from "../../src/metadata/types.js";
import { createTestDatabase, postgres, startTestService } from "../utils/postgres.js";

const started: MetadataService[] = [];
after(async () => {
  for (const s of started) await s.close().catch(() => undefined);
});

function record(flowName: string, runId: string, user = "ada", tags: string[] = []): RunRecord {
  return { flowName, runId, createdAt: new Date().toISOString(), user, tags, systemTags: [`user:${user}`, "metaflow-ts"], codePackage: "c", flowFile: "f.ts", graph: { flowName } as unknown as RunRecord["graph"], stepDecorators: {} };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe("metadata service", { skip: postgres.skip }, () => {
  test("migrations apply once, also when two instances start at once on one database", async () => {
    const databaseUrl = await createTestDatabase();
    const [a, b] = await Promise.all([startMetadataService({ databaseUrl, port: 0 }), startMetadataService({ databaseUrl, port: 0 })]);
    started.push(a, b);
    assert.deepEqual([...a.migrated, ...b.migrated], [1], "exactly one instance applied version 1");
    const c = await startMetadataService({ databaseUrl, port: 0 });
    started.push(c);
    assert.deepEqual(c.migrated, []);
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const versions = (await db.query("SELECT version FROM schema_migrations")).rows;
    await db.end();
    assert.deepEqual(versions, [{ version: 1 }]);
  });

  test("an unreachable database is a clear error naming it (without its password)", async () => {
    const port = await freePort();
    await assert.rejects(startMetadataService({ databaseUrl: `postgres://bob:secret@127.0.0.1:${port}/nope`, port: 0 }), (e: Error) => {
      assert.match(e.message, new RegExp(`Cannot use the database postgres://bob:\\*\\*\\*@127\\.0\\.0\\.1:${port}/nope`));
      assert.doesNotMatch(e.message, /secret/);
      return true;
    });
  });

  test("malformed requests get a 400 with the reason, and nothing is stored", async () => {
    const s = await startTestService();
    started.push(s);
    const put = (path: string, body: string) => fetch(`${s.url}/api/v1${path}`, { method: "PUT", body, headers: { "content-type": "application/json" } });
    let r = await put("/flows/F/runs/1", "{not json");
    assert.equal(r.status, 400);
    assert.match(((await r.json()) as { error: string }).error, /not valid JSON/);
    r = await put("/flows/F/runs/1", JSON.stringify({ ...record("F", "1"), tags: "a" }));
    assert.equal(r.status, 400);
    assert.match(((await r.json()) as { error: string }).error, /"tags" must be an array of strings/);
    r = await put("/flows/F/runs/1", JSON.stringify(record("G", "1")));
    assert.equal(r.status, 400);
    r = await put("/flows/F/runs/1/steps/a/tasks/1/attempts/-1", JSON.stringify({ startedAt: new Date().toISOString() }));
    assert.equal(r.status, 400);
    r = await fetch(`${s.url}/api/v1/flows/F/runs?status=sleeping`);
    assert.equal(r.status, 400);
    assert.deepEqual(await new ServiceMetadata({ url: s.url }).listRuns("F"), []);
    r = await fetch(`${s.url}/api/v1/nothing-here`);
    assert.equal(r.status, 404);
  });

  test("with a token, every request must carry it", async () => {
    const s = await startTestService({ authToken: "s3cret" });
    started.push(s);
    assert.equal((await fetch(`${s.url}/api/v1/flows`)).status, 401);
    await assert.rejects(new ServiceMetadata({ url: s.url, retrySeconds: 1 }).listFlows(), /METAFLOW_SERVICE_AUTH_TOKEN/);
    assert.deepEqual(await new ServiceMetadata({ url: s.url, authToken: "s3cret" }).listFlows(), []);
  });

  test("listing filters by tag, user and status, newest first, in pages; a run whose heartbeats stopped is dead", async () => {
    const s = await startTestService({ deadAfterSeconds: 60 });
    started.push(s);
    const md = new ServiceMetadata({ url: s.url });
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      const id = await md.newRunId("P");
      ids.push(id);
      await md.registerRun(record("P", id, i % 2 === 0 ? "ada" : "bob", i % 5 === 0 ? ["five"] : []));
      if (i < 10) await md.finishRun("P", id, { status: i % 3 === 0 ? "failed" : "succeeded", finishedAt: new Date().toISOString() });
    }
    const newest = [...ids].reverse();
    const all: string[] = [];
    let page = await md.queryRuns("P", { limit: 7 });
    all.push(...page.runs.map((r) => r.record.runId));
    while (page.next !== undefined) {
      page = await md.queryRuns("P", { limit: 7, before: page.next });
      all.push(...page.runs.map((r) => r.record.runId));
    }
    assert.deepEqual(all, newest);
    assert.deepEqual((await md.queryRuns("P", { limit: 100, tags: ["five"] })).runs.map((r) => r.record.runId), newest.filter((_, i) => (24 - i) % 5 === 0));
    assert.deepEqual((await md.queryRuns("P", { limit: 100, tags: ["five", "user:ada"] })).runs.map((r) => r.record.runId), [ids[20], ids[10], ids[0]]);
    assert.equal((await md.queryRuns("P", { limit: 100, user: "bob" })).runs.length, 12);
    assert.equal((await md.queryRuns("P", { limit: 100, status: "failed" })).runs.length, 4);
    assert.equal((await md.queryRuns("P", { limit: 100, status: "running" })).runs.length, 15);
    // Age the heartbeats of runs 10..19 past the dead-after time (as if their schedulers died a minute ago).
    const db = new pg.Client({ connectionString: s.databaseUrl });
    await db.connect();
    await db.query("UPDATE runs SET heartbeat_at = now() - interval '61 seconds' WHERE flow_name = 'P' AND run_id = ANY($1)", [ids.slice(10, 20)]);
    await db.end();
    assert.deepEqual((await md.queryRuns("P", { limit: 100, status: "dead" })).runs.map((r) => r.record.runId), newest.slice(5, 15));
    assert.equal((await md.queryRuns("P", { limit: 100, status: "running" })).runs.length, 5);
    assert.equal(await md.runStatus("P", ids[19]!), "dead");
    await md.heartbeat("P", ids[19]!); // a late heartbeat revives it
    assert.equal(await md.runStatus("P", ids[19]!), "running");
    assert.equal(await md.runStatus("P", ids[0]!), "failed");
    await md.finishRun("P", ids[18]!, { status: "succeeded", finishedAt: new Date().toISOString() }); // an end beats a stale heartbeat
    assert.equal(await md.runStatus("P", ids[18]!), "succeeded");
  });

  test("attempts are recorded with their heartbeats and ends", async () => {
    const s = await startTestService();
    started.push(s);
    const md = new ServiceMetadata({ url: s.url });
    const id = await md.newRunId("A");
    await md.registerRun(record("A", id));
    const ref = { flowName: "A", runId: id, step: "start", taskId: "1", attempt: 0 };
    await md.startAttempt(ref, new Date().toISOString(), { pid: 42 });
    await md.heartbeatAttempt(ref);
    await md.endAttempt(ref, "failed", new Date().toISOString());
    await md.startAttempt({ ...ref, attempt: 1 }, new Date().toISOString(), {});
    await assert.rejects(md.startAttempt({ ...ref, runId: "1" }, new Date().toISOString(), {}), /not registered/);
    const r = await fetch(`${s.url}/api/v1/flows/A/runs/${id}/attempts`);
    const { attempts } = (await r.json()) as { attempts: { attempt: number; status: string; info: unknown }[] };
    assert.deepEqual(attempts.map((a) => [a.attempt, a.status]), [[0, "failed"], [1, "running"]]);
    assert.deepEqual(attempts[0]?.info, { pid: 42 });
  });

  test("a client rides out a service restart: calls made while it is down complete once it is back", async () => {
    const databaseUrl = await createTestDatabase();
    const port = await freePort();
    let s = await startMetadataService({ databaseUrl, port });
    const md = new ServiceMetadata({ url: s.url, retrySeconds: 30 });
    const id = await md.newRunId("R");
    await md.registerRun(record("R", id));
    await s.close();
    const pending = md.finishRun("R", id, { status: "succeeded", finishedAt: new Date().toISOString() });
    await new Promise((r) => setTimeout(r, 700));
    s = await startMetadataService({ databaseUrl, port });
    started.push(s);
    await pending;
    assert.equal((await md.getRunEnd("R", id))?.status, "succeeded");
  });

  test("a service that stays down is a clear error after the retry time", async () => {
    const port = await freePort();
    await assert.rejects(new ServiceMetadata({ url: `http://127.0.0.1:${port}`, retrySeconds: 0.5 }).listFlows(), /cannot be reached .*ECONNREFUSED.*METAFLOW_SERVICE_URL/s);
  });
});
