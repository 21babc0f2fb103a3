/**
 * The client API through real runs (the CLI writes them; the client reads the same datastore):
 * Flow/Run/Step/Task, artifacts without values, logs per attempt, navigation, origin of resumed
 * tasks, code packages, parameters and configs, namespaces, tags, and typed errors. Ends with a
 * notebook-style script that inspects a foreach run from a fresh process.
 */
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { Flow, Run, Step, Task, namespace, MetaflowError } from "metaflow-ts";
import { describeResult, flowPath, makeTmpDir, repoRoot, runFlow, type FlowRunResult } from "../utils/cli.js";
import { assertSucceeded } from "../utils/client.js";

let cwd: string;
let root: string;
let foreach: FlowRunResult;
let tagged: FlowRunResult;
let retried: FlowRunResult;
let failed: FlowRunResult;
let params: FlowRunResult;
let resumed: FlowRunResult;
let configured: FlowRunResult;

const isCode = (code: string) => (e: unknown) => e instanceof MetaflowError && e.code === code;

before(async () => {
  cwd = await makeTmpDir("mfts-client-");
  root = join(cwd, ".metaflow");
  const alice = { env: { METAFLOW_USER: "alice" }, cwd };
  [foreach, retried, failed, params, configured] = await Promise.all([
    runFlow(flowPath("foreach.ts"), [], alice),
    runFlow(flowPath("failures/retry.ts"), [], alice),
    runFlow(flowPath("failure.ts"), [], alice),
    runFlow(flowPath("parameters.ts"), ["--who", "Bob", "--count", "2"], alice),
    runFlow(flowPath("client/configured.ts"), ["--config-value", "settings", '{"rate": 3}', "--alpha", "2"], alice),
  ]);
  tagged = await runFlow(flowPath("foreach.ts"), ["--tag", "exp:1", "--tag", "keep"], { env: { METAFLOW_USER: "bob" }, cwd });
  resumed = await runFlow(flowPath("foreach.ts"), ["--origin-run-id", foreach.runId ?? "", "join"], { ...alice, command: "resume" });
  for (const r of [foreach, tagged, retried, params, resumed, configured]) assertSucceeded(r);
  process.env["METAFLOW_DATASTORE_ROOT"] = root;
  namespace(null);
});

describe("client: flows and runs", () => {
  test("Flow.list and Flow.get; an unknown flow is a NOT_FOUND error naming the flows there are", async () => {
    const names = (await Flow.list()).map((f) => f.name).sort();
    assert.deepEqual(names, ["ConfiguredFlow", "FailureFlow", "ForeachFlow", "ParametersFlow", "RetryFlow"]);
    await assert.rejects(Flow.get("NoSuchFlow"), (e: unknown) => isCode("NOT_FOUND")(e) && /ForeachFlow/.test((e as Error).message));
  });

  test("runs() is newest first and filters by tags; latestRun / latestSuccessfulRun", async () => {
    const flow = await Flow.get("ForeachFlow");
    const ids: string[] = [];
    for await (const r of flow.runs()) ids.push(r.id);
    assert.deepEqual(ids, [resumed.runId, tagged.runId, foreach.runId]);
    const withTag: string[] = [];
    for await (const r of flow.runs("exp:1", "keep")) withTag.push(r.id);
    assert.deepEqual(withTag, [tagged.runId]);
    assert.equal((await flow.latestRun())?.id, resumed.runId);
    assert.equal((await (await Flow.get("FailureFlow")).latestSuccessfulRun()), undefined);
  });

  test("a successful run: status, times, tags, steps, data", async () => {
    const run = await Run.get(`ForeachFlow/${tagged.runId}`);
    assert.equal(run.pathspec, `ForeachFlow/${tagged.runId}`);
    assert.ok(run.successful && run.finished && run.ended);
    assert.ok(run.finishedAt && run.finishedAt.getTime() >= run.createdAt.getTime());
    assert.deepEqual([...run.tags], ["exp:1", "keep"]);
    assert.ok(run.systemTags.includes("user:bob"));
    assert.deepEqual((await run.steps()).map((s) => s.id), ["start", "body", "join", "end"]);
    const data = await run.data();
    assert.equal(data["finished"], true);
    assert.deepEqual(data["items"], ["x", "y", "z", "w"]);
    assert.equal((await run.endTask()).stepName, "end");
  });

  test("a failed run is ended but not finished, and says which task failed", async () => {
    const run = await Run.get(`FailureFlow/${failed.runId}`);
    assert.equal(run.successful, false);
    assert.equal(run.finished, false);
    assert.equal(run.ended, true);
    assert.equal(run.finishedAt, undefined);
    assert.match(run.failure?.task ?? "", /boom/);
    const task = await (await run.step("boom")).task();
    assert.equal(task.successful, false);
    assert.equal(task.finished, true);
    assert.match(task.exception?.message ?? "", /kaboom/);
    await assert.rejects(run.step("end"), (e: unknown) => isCode("NOT_FOUND")(e) && /has not run/.test((e as Error).message));
  });

  test("code(), parameters() and configs()", async () => {
    const run = await Run.get(`ParametersFlow/${params.runId}`);
    const code = await run.code();
    assert.match(code.sha, /^[0-9a-f]{64}$/);
    assert.match(code.source, /ParametersFlow/);
    const p = await run.parameters();
    assert.equal(p["who"], "Bob");
    assert.equal(p["count"], 2);
    assert.equal(p["name"], "world");
    assert.deepEqual(await run.configs(), {});
    const c = await Run.get(`ConfiguredFlow/${configured.runId}`);
    assert.deepEqual(await c.configs(), { settings: { rate: 3 } });
    assert.deepEqual(await c.parameters(), { alpha: 2 });
    assert.equal((await c.data())["product"], 6);
  });
});

describe("client: steps and tasks", () => {
  test("foreach tasks in index order with their stack; artifacts() reads no values", async () => {
    const step = await Step.get(`ForeachFlow/${foreach.runId}/body`);
    const tasks = await step.tasks();
    assert.deepEqual(tasks.map((t) => t.index), [0, 1, 2, 3]);
    assert.equal(tasks[2]?.foreachStack[0]?.step, "start");
    assert.equal(tasks[2]?.foreachStack[0]?.count, 4);
    const infos = tasks[1]!.artifacts();
    const value = infos.find((a) => a.name === "value");
    assert.ok(value && value.size > 0 && /^[0-9a-f]{64}$/.test(value.sha) && value.type === "string");
    assert.equal(await tasks[1]!.artifact("value"), "y:1");
    assert.deepEqual((await tasks[3]!.data())["item"], "w");
    assert.match(await tasks[0]!.stdout(), /body x:0/);
    await assert.rejects(tasks[0]!.artifact("nope"), (e: unknown) => isCode("NOT_FOUND")(e) && /Its artifacts: .*value/.test((e as Error).message));
  });

  test("parents and children", async () => {
    const run = await Run.get(`ForeachFlow/${foreach.runId}`);
    const start = await (await run.step("start")).task();
    const children = await start.childTasks();
    assert.deepEqual(children.map((t) => t.index).sort(), [0, 1, 2, 3]);
    const body = children[0]!;
    assert.deepEqual((await body.parentTasks()).map((t) => t.pathspec), [start.pathspec]);
    const joinTask = (await body.childTasks())[0]!;
    assert.equal(joinTask.stepName, "join");
    assert.equal((await joinTask.parentTasks()).length, 4);
    assert.deepEqual(await start.parentTasks(), [], "start's only input is the parameters pseudo-task");
  });

  test("attempts: the latest by default, any by number; logs per attempt", async () => {
    const pathspec = `RetryFlow/${retried.runId}/flaky/2`;
    const latest = await (await (await Run.get(`RetryFlow/${retried.runId}`)).step("flaky")).task();
    assert.equal(latest.pathspec, pathspec);
    assert.equal(latest.attempts, 2);
    assert.equal(latest.attempt, 1);
    assert.ok(latest.successful);
    assert.match(await latest.stdout(), /stdout of attempt 1/);
    assert.match(await latest.stderr({ attempt: 0 }), /stderr of attempt 0/);
    const first = await Task.get(pathspec, { attempt: 0 });
    assert.equal(first.successful, false);
    assert.match(first.exception?.message ?? "", /flaky failure on attempt 0/);
    await assert.rejects(Task.get(pathspec, { attempt: 7 }), (e: unknown) => isCode("NOT_FOUND")(e) && /attempts: 0, 1/.test((e as Error).message));
  });

  test("a task reused by resume names its origin", async () => {
    const run = await Run.get(`ForeachFlow/${resumed.runId}`);
    assert.equal(run.originRunId, foreach.runId);
    const body = await (await run.step("body")).tasks();
    for (const t of body) assert.match(t.origin ?? "", new RegExp(`^ForeachFlow/${foreach.runId}/body/\\d+$`));
    assert.equal(await body[2]!.artifact("value"), "z:2");
    assert.equal((await (await run.step("join")).task()).origin, undefined, "join ran again");
  });
});

describe("client: namespaces, tags and errors", () => {
  test("the default namespace is the current user's; other users' objects are NAMESPACE_MISMATCH", async () => {
    namespace("user:alice");
    try {
      const ids: string[] = [];
      for await (const r of (await Flow.get("ForeachFlow")).runs()) ids.push(r.id);
      assert.deepEqual(ids, [resumed.runId, foreach.runId], "bob's run is not listed");
      for (const get of [() => Run.get(`ForeachFlow/${tagged.runId}`), () => Step.get(`ForeachFlow/${tagged.runId}/body`), () => Task.get(`ForeachFlow/${tagged.runId}/start/1`)]) {
        await assert.rejects(get(), (e: unknown) => isCode("NAMESPACE_MISMATCH")(e) && /namespace\(null\)/.test((e as Error).message) && /user:bob/.test((e as Error).message));
      }
      namespace("exp:1"); // any tag works as a namespace
      assert.equal((await (await Flow.get("ForeachFlow")).latestRun())?.id, tagged.runId);
    } finally {
      namespace(null);
    }
    assert.equal((await Run.get(`ForeachFlow/${tagged.runId}`)).id, tagged.runId);
  });

  test("add, remove and replace tags persist; concurrent changes are all kept; system tags cannot change", async () => {
    const pathspec = `ParametersFlow/${params.runId}`;
    const run = await Run.get(pathspec);
    await run.addTag("a");
    await run.replaceTag("a", "b");
    await run.addTags(["c", "d"]);
    await run.removeTag("c");
    assert.deepEqual([...(await Run.get(pathspec)).tags], ["b", "d"]);
    await Promise.all(Array.from({ length: 12 }, async (_, i) => (await Run.get(pathspec)).addTag(`p${i}`)));
    const tags = (await Run.get(pathspec)).tags;
    for (let i = 0; i < 12; i++) assert.ok(tags.includes(`p${i}`), `p${i} kept: ${tags.join(",")}`);
    await assert.rejects(run.removeTag("user:alice"), (e: unknown) => isCode("USAGE_ERROR")(e) && /system tag/.test((e as Error).message));
    await assert.rejects(run.addTag(""), isCode("USAGE_ERROR"));
    assert.ok((await Run.get(pathspec)).systemTags.includes("user:alice"));
  });

  test("unknown and malformed pathspecs are typed errors", async () => {
    await assert.rejects(Run.get("ForeachFlow/1"), (e: unknown) => isCode("NOT_FOUND")(e) && /does not exist/.test((e as Error).message));
    await assert.rejects(Run.get("ForeachFlow"), isCode("INVALID_PATHSPEC"));
    await assert.rejects(Task.get(`ForeachFlow/${foreach.runId}/body`), isCode("INVALID_PATHSPEC"));
    await assert.rejects(Task.get(`ForeachFlow/${foreach.runId}/body/999`), isCode("NOT_FOUND"));
    await assert.rejects(Step.get(`ForeachFlow/${foreach.runId}/nope`), (e: unknown) => isCode("NOT_FOUND")(e) && /its steps: start, body, join, end/.test((e as Error).message));
  });
});

describe("client: a notebook-style script", () => {
  test("inspects a foreach run from a fresh process", () => {
    const r = spawnSync(process.execPath, [join(repoRoot, "test", "scripts", "inspect-foreach.mjs"), "ForeachFlow"], { cwd: repoRoot, env: { ...process.env, METAFLOW_DATASTORE_ROOT: root }, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { run: string; steps: string[]; rows: { index: number; item: string; value: string; log: string }[]; sizes: Record<string, number>; joined: string[]; parents: number[]; end: Record<string, unknown> };
    assert.equal(out.run, `ForeachFlow/${resumed.runId}`, "the latest successful run (the resumed one)");
    assert.deepEqual(out.steps, ["start", "body", "join", "end"]);
    assert.deepEqual(out.rows.map((x) => x.value), ["x:0", "y:1", "z:2", "w:3"]);
    assert.deepEqual(out.rows.map((x) => x.index), [0, 1, 2, 3]);
    assert.equal(out.rows[0]?.log, "body x:0", "a reused task's logs are those of its origin");
    assert.ok((out.sizes["value"] ?? 0) > 0);
    assert.deepEqual(out.joined, ["x:0", "y:1", "z:2", "w:3"]);
    assert.deepEqual(out.parents, [0, 1, 2, 3]);
    assert.equal(out.end["joined"], 4);
  });
});

void describeResult;
