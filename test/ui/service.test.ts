/**
 * The UI's API over the metadata service (team mode): with METAFLOW_SERVICE_URL set, the same
 * server lists, filters and pages runs through the service (the client's `listRuns`), and shows
 * a run's graph, tasks and logs, which stay in the datastore. PostgreSQL from .ci/services/30-postgres.sh.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { namespace } from "../../src/client/namespace.js";
import { registerBuiltinBackends } from "../../src/plugins/index.js";
import type { MetadataService } from "../../src/plugins/metadata/service/server/start-service.js";
import type { LogResponse, RunsResponse, RunTasksResponse } from "../../src/ui/api-types.js";
import { createUiApp } from "../../src/ui/server/create-app.js";
import { describeResult, flowPath, makeTmpDir, runFlow, type FlowRunResult } from "../utils/cli.js";
import { postgres, startTestService } from "../utils/postgres.js";

describe("ui api over the metadata service", { skip: postgres.skip }, () => {
  let service: MetadataService;
  let first: FlowRunResult;
  let second: FlowRunResult;
  const app = createUiApp();
  const get = async <T>(path: string): Promise<T> => {
    const res = await app.request(path);
    const body = (await res.json()) as T;
    assert.equal(res.status, 200, `${path}: ${JSON.stringify(body)}`);
    return body;
  };

  before(async () => {
    registerBuiltinBackends();
    service = await startTestService();
    const cwd = await makeTmpDir("mfts-ui-service-");
    const env = { METAFLOW_SERVICE_URL: service.url, METAFLOW_USER: "alice" };
    first = await runFlow(flowPath("ui-demo.ts"), ["--tag", "exp:1"], { cwd, env });
    second = await runFlow(flowPath("ui-demo.ts"), ["--width", "2"], { cwd, env: { ...env, METAFLOW_USER: "bob" } });
    for (const r of [first, second]) assert.equal(r.code, 0, describeResult(r));
    process.env.METAFLOW_DATASTORE_ROOT = first.datastoreRoot;
    process.env.METAFLOW_SERVICE_URL = service.url;
    namespace(null);
  });
  after(async () => {
    delete process.env.METAFLOW_SERVICE_URL;
    await service?.close();
  });

  test("runs are listed, filtered and paged through the service", async () => {
    const all = await get<RunsResponse>("/api/flows/UiDemoFlow/runs");
    assert.deepEqual(all.runs.map((r) => [r.runId, r.status, r.user]), [
      [second.runId, "succeeded", "bob"],
      [first.runId, "succeeded", "alice"],
    ]);
    assert.deepEqual((await get<RunsResponse>("/api/flows/UiDemoFlow/runs?tag=exp:1")).runs.map((r) => r.runId), [first.runId]);
    assert.deepEqual((await get<RunsResponse>("/api/flows/UiDemoFlow/runs?user=bob")).runs.map((r) => r.runId), [second.runId]);
    assert.deepEqual((await get<RunsResponse>("/api/flows/UiDemoFlow/runs?status=dead")).runs, []);
    const p1 = await get<RunsResponse>("/api/flows/UiDemoFlow/runs?limit=1");
    assert.ok(p1.nextCursor !== undefined);
    const p2 = await get<RunsResponse>(`/api/flows/UiDemoFlow/runs?limit=1&cursor=${encodeURIComponent(p1.nextCursor)}`);
    assert.deepEqual([...p1.runs, ...p2.runs].map((r) => r.runId), [second.runId, first.runId]);
  });

  test("a run's tasks and a task's logs come from the datastore as before", async () => {
    const t = await get<RunTasksResponse>(`/api/runs/UiDemoFlow/${first.runId}/tasks`);
    assert.deepEqual(t.steps.map((s) => [s.name, s.tasks]), [["start", 1], ["body", 3], ["join", 1], ["end", 1]]);
    const log = await get<LogResponse>(`/api/tasks/UiDemoFlow/${first.runId}/start/1/logs/stdout`);
    assert.match(log.text, /log line with markup/);
  });
});
