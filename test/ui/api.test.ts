/**
 * The UI server's JSON API (docs/ui-api.md), in process (Hono's `app.request`), over real runs
 * the CLI wrote: flows, paged and filtered runs, a run's graph, tasks and attempts, a task's
 * artifacts, logs (tailed by offset) and downloads, tag changes, and what it does with malformed
 * requests and corrupt records (an error for that object, and it keeps serving).
 */
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { namespace } from "../../src/client/namespace.js";
import { registerBuiltinBackends } from "../../src/plugins/index.js";
import { createUiApp } from "../../src/ui/server/create-app.js";
import type { FlowsResponse, RunDetail, RunsResponse, RunTasksResponse, TaskDetail, LogResponse, TagsResponse, CardsResponse } from "../../src/ui/api-types.js";
import { flowPath, makeTmpDir, runFlow, type FlowRunResult } from "../utils/cli.js";
import { assertSucceeded } from "../utils/client.js";

registerBuiltinBackends(); // as the CLI (the UI's composition root) does
const app = createUiApp();
let root: string;
let demo: FlowRunResult;
let demoBob: FlowRunResult;
let failed: FlowRunResult;
let retried: FlowRunResult;

async function get<T>(path: string, status = 200): Promise<T> {
  const res = await app.request(path);
  const body = (await res.json()) as T;
  assert.equal(res.status, status, `${path}: ${JSON.stringify(body)}`);
  return body;
}

async function post(path: string, body: unknown, contentType = "application/json"): Promise<Response> {
  return await app.request(path, { method: "POST", headers: { "Content-Type": contentType }, body: typeof body === "string" ? body : JSON.stringify(body) });
}

before(async () => {
  const cwd = await makeTmpDir("mfts-ui-api-");
  root = join(cwd, ".metaflow");
  const alice = { cwd, env: { METAFLOW_USER: "alice" } };
  [demo, failed, retried] = await Promise.all([
    runFlow(flowPath("ui-demo.ts"), ["--tag", "exp:1"], alice),
    runFlow(flowPath("failure.ts"), [], { cwd, env: { METAFLOW_USER: "bob" } }),
    runFlow(flowPath("failures/retry.ts"), [], alice),
  ]);
  demoBob = await runFlow(flowPath("ui-demo.ts"), ["--width", "2"], { cwd, env: { METAFLOW_USER: "bob" } });
  for (const r of [demo, demoBob, retried]) assertSucceeded(r);
  assert.equal(failed.code, 1);
  process.env.METAFLOW_DATASTORE_ROOT = root;
  namespace(null);
});

describe("ui api: flows and runs", () => {
  test("GET /api/flows lists every flow with its newest run", async () => {
    const { flows } = await get<FlowsResponse>("/api/flows");
    assert.deepEqual(flows.map((f) => f.name).sort(), ["FailureFlow", "RetryFlow", "UiDemoFlow"]);
    const ui = flows.find((f) => f.name === "UiDemoFlow");
    assert.equal(ui?.latestRun?.runId, demoBob.runId);
    assert.equal(flows.find((f) => f.name === "FailureFlow")?.latestRun?.status, "failed");
  });

  test("runs: newest first, with status, user, tags, duration; filters by status, tag and user", async () => {
    const all = await get<RunsResponse>("/api/flows/UiDemoFlow/runs");
    assert.deepEqual(all.runs.map((r) => r.runId), [demoBob.runId, demo.runId]);
    const first = all.runs[1];
    assert.equal(first?.status, "succeeded");
    assert.equal(first?.user, "alice");
    assert.deepEqual(first?.tags, ["exp:1"]);
    assert.ok(first !== undefined && first.durationMs > 0 && first.endedAt !== undefined);
    assert.equal(all.nextCursor, undefined);
    assert.deepEqual((await get<RunsResponse>("/api/flows/UiDemoFlow/runs?tag=exp:1")).runs.map((r) => r.runId), [demo.runId]);
    assert.deepEqual((await get<RunsResponse>("/api/flows/UiDemoFlow/runs?user=bob")).runs.map((r) => r.runId), [demoBob.runId]);
    assert.deepEqual((await get<RunsResponse>("/api/flows/UiDemoFlow/runs?status=failed")).runs, []);
    const failures = await get<RunsResponse>("/api/flows/FailureFlow/runs?status=failed");
    assert.equal(failures.runs[0]?.failure?.task, `FailureFlow/${failed.runId}/boom/2`);
  });

  test("runs page by page: a cursor continues where the last page ended", async () => {
    const p1 = await get<RunsResponse>("/api/flows/UiDemoFlow/runs?limit=1");
    assert.deepEqual(p1.runs.map((r) => r.runId), [demoBob.runId]);
    assert.equal(p1.nextCursor, demoBob.runId);
    const p2 = await get<RunsResponse>(`/api/flows/UiDemoFlow/runs?limit=1&cursor=${p1.nextCursor}`);
    assert.deepEqual(p2.runs.map((r) => r.runId), [demo.runId]);
    assert.equal(p2.nextCursor, undefined);
  });

  test("bad filters and unknown flows are errors that say what is wrong", async () => {
    const bad = await get<{ error: { code: string; message: string } }>("/api/flows/UiDemoFlow/runs?status=done", 400);
    assert.match(bad.error.message, /running, succeeded, failed/);
    await get("/api/flows/UiDemoFlow/runs?limit=-3", 400);
    const missing = await get<{ error: { code: string; message: string } }>("/api/flows/NoSuchFlow/runs", 404);
    assert.equal(missing.error.code, "NOT_FOUND");
    assert.match(missing.error.message, /UiDemoFlow/);
  });
});

describe("ui api: a run", () => {
  test("GET /api/runs/:flow/:run: graph, parameters, configs; the run id whole", async () => {
    const d = await get<RunDetail>(`/api/runs/UiDemoFlow/${demo.runId}`);
    assert.equal(d.run.pathspec, `UiDemoFlow/${demo.runId}`);
    assert.deepEqual(d.graph.map((s) => [s.name, s.kind, s.next]), [
      ["start", "foreach", ["body"]],
      ["body", "linear", ["join"]],
      ["join", "linear", ["end"]],
      ["end", "end", []],
    ]);
    assert.equal(d.graph[0]?.foreachOver, "items");
    assert.equal(d.graph[2]?.join, true);
    assert.deepEqual(d.parameters.map((p) => [p.name, p.preview]).sort(), [["pause", "0"], ["width", "3"]]);
    assert.deepEqual(d.configs, []);
  });

  test("GET .../tasks: each step's state and task count (the foreach width), every attempt with its times", async () => {
    const t = await get<RunTasksResponse>(`/api/runs/UiDemoFlow/${demo.runId}/tasks`);
    assert.deepEqual(t.steps.map((s) => [s.name, s.status, s.tasks]), [["start", "succeeded", 1], ["body", "succeeded", 3], ["join", "succeeded", 1], ["end", "succeeded", 1]]);
    const bodies = t.tasks.filter((x) => x.stepName === "body");
    assert.deepEqual(bodies.map((b) => b.index), [0, 1, 2]);
    for (const task of t.tasks) {
      assert.equal(task.attempts.length, 1);
      const a = task.attempts[0];
      assert.ok(a?.startedAt && a.finishedAt && Date.parse(a.finishedAt) >= Date.parse(a.startedAt), JSON.stringify(a));
    }
  });

  test("a retried task shows each attempt; a failed run's step is failed", async () => {
    const t = await get<RunTasksResponse>(`/api/runs/RetryFlow/${retried.runId}/tasks`);
    const flaky = t.tasks.find((x) => x.stepName === "flaky");
    assert.deepEqual(flaky?.attempts.map((a) => a.status), ["failed", "succeeded"]);
    assert.match(flaky?.attempts[0]?.error?.message ?? "", /flaky failure on attempt 0/);
    const f = await get<RunTasksResponse>(`/api/runs/FailureFlow/${failed.runId}/tasks`);
    assert.equal(f.steps.find((s) => s.name === "boom")?.status, "failed");
    assert.equal(f.steps.find((s) => s.name === "end")?.status, "pending");
  });

  test("tags: add and remove through the API; system tags and non-JSON bodies are refused", async () => {
    const path = `/api/runs/UiDemoFlow/${demo.runId}/tags`;
    let res = await post(path, { add: ["best", "<b>x</b>"] });
    assert.equal(res.status, 200);
    assert.deepEqual(((await res.json()) as TagsResponse).tags, ["exp:1", "best", "<b>x</b>"]);
    res = await post(path, { remove: ["exp:1", "<b>x</b>"] });
    assert.deepEqual(((await res.json()) as TagsResponse).tags, ["best"]);
    assert.deepEqual((await get<RunDetail>(`/api/runs/UiDemoFlow/${demo.runId}`)).run.tags, ["best"]);
    res = await post(path, { remove: ["user:alice"] });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /system tag/);
    assert.equal((await post(path, "add=x", "application/x-www-form-urlencoded")).status, 400);
    assert.equal((await post(path, "{not json")).status, 400);
    assert.equal((await post(path, { add: [1] })).status, 400);
    assert.equal((await post(path, { add: [""] })).status, 400);
  });
});

describe("ui api: a task", () => {
  test("artifacts with previews: values verbatim (the app escapes them), large ones cut", async () => {
    const d = await get<TaskDetail>(`/api/tasks/UiDemoFlow/${demo.runId}/start/1`);
    const markup = d.artifacts.find((a) => a.name === "markup");
    assert.equal(markup?.preview, "<script>window.__pwned = true</script><b>bold?</b>");
    const big = d.artifacts.find((a) => a.name === "big");
    assert.equal(big?.truncated, true);
    assert.ok(big !== undefined && big.preview.length < 20_000 && big.size > 20_000);
    assert.equal(d.task.status, "succeeded");
  });

  test("logs: the whole text, then only what follows an offset", async () => {
    const base = `/api/tasks/UiDemoFlow/${demo.runId}/start/1/logs`;
    const out = await get<LogResponse>(`${base}/stdout`);
    assert.equal(out.text, "<script>window.__pwned = true</script> log line with markup\n");
    assert.equal(out.complete, true);
    assert.equal((await get<LogResponse>(`${base}/stdout?offset=${out.offset}`)).text, "");
    assert.equal((await get<LogResponse>(`${base}/stdout?offset=8`)).text, out.text.slice(8));
    assert.equal((await get<LogResponse>(`${base}/stderr`)).text, "a warning on stderr\n");
    await get(`${base}/stdlog`, 400);
  });

  test("logs and attempts of a retried task, by attempt", async () => {
    const base = `/api/tasks/RetryFlow/${retried.runId}/flaky/2`;
    assert.equal((await get<LogResponse>(`${base}/logs/stdout?attempt=0`)).text, "stdout of attempt 0\n");
    assert.equal((await get<LogResponse>(`${base}/logs/stdout`)).text, "stdout of attempt 1\n");
    const first = await get<TaskDetail>(`${base}?attempt=0`);
    assert.equal(first.attempt, 0);
    assert.match(first.exception?.message ?? "", /flaky failure on attempt 0/);
    await get(`${base}?attempt=7`, 404);
  });

  test("download: a string as text, an array as JSON, with a file name", async () => {
    const base = `/api/tasks/UiDemoFlow/${demo.runId}/start/1/artifacts`;
    let res = await app.request(`${base}/big`);
    assert.equal(res.headers.get("content-type"), "text/plain; charset=utf-8");
    assert.match(res.headers.get("content-disposition") ?? "", /attachment; filename="big.txt"/);
    assert.equal((await res.text()).length, 20_000);
    res = await app.request(`${base}/items`);
    assert.deepEqual(await res.json(), [0, 1, 2]);
    await get(`${base}/nothing`, 404);
  });

  test("cards: none for a task without @card", async () => {
    const c = await get<CardsResponse>(`/api/tasks/UiDemoFlow/${demo.runId}/end/6/cards`);
    assert.deepEqual(c.cards, []);
  });
});

describe("ui api: malformed requests and corrupt records", () => {
  test("names that could leave the datastore, bad encodings and unknown routes are refused", async () => {
    assert.equal((await app.request("/api/runs/..%2F..%2Fetc/passwd")).status, 400);
    // URL parsing resolves a dot segment before any route sees it: never a read outside the flow
    assert.equal((await app.request("/api/runs/UiDemoFlow/%2E%2E")).status, 404);
    assert.equal((await app.request("/api/tasks/UiDemoFlow/1/start/1/artifacts/..%2F..%2F_run.json")).status, 400);
    assert.equal((await app.request("/api/runs/%E0%A4%A/1")).status, 400);
    assert.equal((await app.request(`/api/tasks/UiDemoFlow/${demo.runId}/start/1?attempt=abc`)).status, 400);
    const unknown = await app.request("/api/nothing/here");
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, "NOT_FOUND");
  });

  test("a UI bound to this machine refuses requests addressed to another host name (DNS rebinding)", async () => {
    const guarded = createUiApp({ allowedHosts: ["127.0.0.1", "localhost"] });
    const ok = await guarded.request("http://127.0.0.1:8324/api/flows", { headers: { Host: "127.0.0.1:8324" } });
    assert.equal(ok.status, 200);
    const evil = await guarded.request("http://127.0.0.1:8324/api/flows", { headers: { Host: "evil.example:8324" } });
    assert.equal(evil.status, 403);
    assert.match(((await evil.json()) as { error: { message: string } }).error.message, /evil\.example/);
  });

  test("a corrupt task record: that task shows its error, the rest of the run still shows", async () => {
    const cwd = await makeTmpDir("mfts-ui-corrupt-");
    const r = await runFlow(flowPath("ui-demo.ts"), ["--width", "2"], { cwd });
    assertSucceeded(r);
    process.env.METAFLOW_DATASTORE_ROOT = r.datastoreRoot;
    try {
      const taskDir = join(r.datastoreRoot, "UiDemoFlow", r.runId ?? "", "body", "2");
      await writeFile(join(taskDir, "0.done.json"), "{ corrupt");
      const t = await get<RunTasksResponse>(`/api/runs/UiDemoFlow/${r.runId}/tasks`);
      const broken = t.tasks.find((x) => x.pathspec.endsWith("/body/2"));
      assert.ok(broken?.error, JSON.stringify(broken));
      assert.equal(t.tasks.filter((x) => x.error === undefined).length, t.tasks.length - 1);
      const detail = await get<{ error: { code: string; message: string } }>(`/api/tasks/UiDemoFlow/${r.runId}/body/2`, 500);
      assert.match(detail.error.message, /JSON/);
      // a corrupt run record: the run is an error, the flow's other runs still list
      const runFiles = await readdir(join(r.datastoreRoot, "UiDemoFlow", r.runId ?? ""));
      assert.ok(runFiles.includes("_run.json"));
      await writeFile(join(r.datastoreRoot, "UiDemoFlow", r.runId ?? "", "_run.json"), "not json");
      await get(`/api/runs/UiDemoFlow/${r.runId}`, 500);
      await get<FlowsResponse>("/api/flows");
    } finally {
      process.env.METAFLOW_DATASTORE_ROOT = root;
    }
    // still serving
    assert.equal((await get<RunsResponse>("/api/flows/UiDemoFlow/runs")).runs.length, 2);
  });
});
