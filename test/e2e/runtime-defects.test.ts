/**
 * Runtime defects of issue 9, each through the real CLI and the client: a local `@retry`
 * retries at once (2), `@catchError` catches a task that timed out or died (3),
 * `@environment` sets its variables for its step only (5), `--with` refuses what does not exist (6),
 * an artifact read and left unchanged keeps its reference (7), `current.tags` are the user's (10),
 * mergeArtifacts works with undeclared artifacts (11), resume and gc remove stale temp files (14), the client sees an attempt killed
 * while starting up (15).
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Task } from "metaflow-ts";
import { spawnSync } from "node:child_process";
import { access, writeFile } from "node:fs/promises";
import { flowPath, limiter, RUN_CONCURRENCY, runCli, runFlow } from "../utils/cli.js";
import { assertFailed, assertMentions, assertSucceeded, onlyTaskData, openRun, tasksOf } from "../utils/client.js";

const flow = (name: string): string => flowPath(join("defects", name));
const exists = (file: string): Promise<boolean> => access(file).then(() => true, () => false);
const limit = limiter(RUN_CONCURRENCY);
const runs = {
  retryDefault: limit(() => runFlow(flow("retry-default.ts"))),
  withRetryDefault: limit(() => runFlow(flowPath(join("failures", "plain.ts")), ["--with", "retry", "--failUntil", "1"])),
  catchTimeout: limit(() => runFlow(flow("catch-timeout.ts"))),
  catchExit: limit(() => runFlow(flow("catch-dead-task.ts"), ["--how", "exit"])),
  catchSignal: limit(() => runFlow(flow("catch-dead-task.ts"), ["--how", "signal"])),
  environment: limit(() => runFlow(flow("environment-vars.ts"))),
  withUnknown: limit(() => runFlow(flowPath(join("failures", "plain.ts")), ["--with", "foo"])),
  killedAtStartup: limit(() =>
    runFlow(flow("killed-at-startup.ts"), [], {
      env: { METAFLOW_TS_ISOLATION: "process", MFTS_KILL_AT_STARTUP: "doomed", NODE_OPTIONS: `--import ${pathToFileURL(flow("kill-at-startup.mjs")).href}` },
    }),
  ),
  readUnchanged: limit(() => runFlow(flow("read-unchanged.ts"))),
  currentTags: limit(() => runFlow(flow("current-tags.ts"), ["--tag", "exp:1", "--tag", "best"])),
  mergeUndeclared: limit(() => runFlow(flow("merge-undeclared.ts"))),
  staleTemps: limit(async () => {
    const r = await runFlow(flowPath(join("failures", "plain.ts")), ["--failUntil", "9"]);
    const gone = spawnSync(process.execPath, ["-e", "0"]).pid;
    const plant = async (name: string): Promise<string> => {
      const file = join(r.datastoreRoot, "PlainFlow", r.runId ?? "none", "start", name);
      await writeFile(file, "half-written");
      return file;
    };
    const beforeResume = await plant(`.tmp-${gone}-0a0a0a`);
    const live = await plant(`.tmp-${process.pid}-0c0c0c`);
    const resumed = await runFlow(flowPath(join("failures", "plain.ts")), [], { command: "resume", cwd: r.cwd, datastoreRoot: r.datastoreRoot });
    const afterResume = await exists(beforeResume);
    const beforeGc = await plant(`.tmp-${gone}-0b0b0b`);
    const gc = await runCli(["gc", "PlainFlow", "--keep-last", "100", "--datastore-root", r.datastoreRoot], { cwd: r.cwd });
    return { r, resumed, afterResume, gc, afterGc: await exists(beforeGc), liveKept: await exists(live) };
  }),
  withTypo: limit(() => runFlow(flowPath(join("failures", "plain.ts")), ["--with", "retry:tims=1"])),
};

describe("issue 9 defect 2: a local @retry retries at once", () => {
  test("bare @retry (default minutesBetweenRetries = 2): the retry starts without waiting", async () => {
    const r = await runs.retryDefault;
    assertSucceeded(r);
    assert.match(r.output, /flaky\/\d+ \(pid \d+\)\] Retrying\.\n/);
    assert.doesNotMatch(r.output, /Retrying in/);
    const data = await onlyTaskData(await openRun("RetryDefaultFlow", r), "flaky");
    assert.equal(data["succeededOn"], 1);
  });

  test("--with retry (defaults): the same", async () => {
    const r = await runs.withRetryDefault;
    assertSucceeded(r);
    assert.doesNotMatch(r.output, /Retrying in/);
    const data = await onlyTaskData(await openRun("PlainFlow", r), "work");
    assert.equal(data["workAttempt"], 1);
  });
});

describe("issue 9 defect 3: @catchError catches a task that timed out or whose process died", () => {
  for (const [how, pattern] of [
    ["timeout", /timed out after 2 seconds/],
    ["exit", /exited with code 3/],
    ["signal", /killed by SIGKILL/],
  ] as const) {
    test(`${how}: the flow goes on with the failure stored in var`, async () => {
      const r = await runs[how === "timeout" ? "catchTimeout" : how === "exit" ? "catchExit" : "catchSignal"];
      assertSucceeded(r);
      const run = await openRun(how === "timeout" ? "CatchTimeoutFlow" : "CatchDeadTaskFlow", r);
      assert.equal(run.successful, true);
      const [risky] = await tasksOf(run, "risky");
      assert.ok(risky);
      assert.equal(risky.successful, true, "the task counts as successful");
      assert.equal(risky.attempts, 2, "the failed attempt, then the one that records the failure");
      const failed = (await risky.artifact("failed")) as { type: string; message: string };
      assert.match(failed.message, pattern);
      const end = await onlyTaskData(run, "end");
      assert.match(String(end["report"]), pattern);
    });
  }
});

describe("issue 9 defect 5: @environment({ vars })", () => {
  test("the step sees its variables; the next step does not", async () => {
    const r = await runs.environment;
    assertSucceeded(r);
    const run = await openRun("EnvironmentVarsFlow", r);
    const start = await onlyTaskData(run, "start");
    assert.equal(start["seen"], "hello from @environment");
    assert.equal(start["other"], "2");
    assert.equal((await onlyTaskData(run, "end"))["seenInEnd"], undefined);
  });
});

describe("issue 9 defect 6: --with an unknown decorator or attribute is refused", () => {
  test("--with foo names the known decorators", async () => {
    const r = await runs.withUnknown;
    assert.equal(r.code, 2, "a usage error");
    assertMentions(r, /--with foo: there is no step decorator named 'foo'\. Known step decorators: .*catchError.*retry/);
    assert.equal(r.runId, undefined, "no run started");
  });

  test("--with retry:tims=1 names the attributes of @retry", async () => {
    const r = await runs.withTypo;
    assert.equal(r.code, 2, "a usage error");
    assertMentions(r, /@retry has no attribute 'tims'\. Its attributes: times, minutesBetweenRetries/);
    assert.equal(r.runId, undefined, "no run started");
  });
});

describe("issue 9 defect 15: the client sees an attempt killed while starting up", () => {
  test("both killed attempts are recorded; Task.get of the failed task and of attempt 0 work", async () => {
    const r = await runs.killedAtStartup;
    assertFailed(r, /killed by SIGKILL/);
    const run = await openRun("KilledAtStartupFlow", r);
    const failed = run.failure?.task;
    assert.ok(failed !== undefined && /\/doomed\/\d+$/.test(failed), `run.failure names the doomed task: ${JSON.stringify(run.failure)}`);
    const task = await Task.get(failed);
    assert.equal(task.attempts, 2);
    assert.equal(task.successful, false);
    const first = await Task.get(failed, { attempt: 0 });
    assert.equal(first.successful, false);
    assert.match(String(first.exception?.message), /killed by SIGKILL/);
  });
});

describe("issue 9 defect 7: an artifact read downstream and left unchanged keeps its reference", () => {
  test("same sha and size downstream when unchanged; a new sha when changed in place", async () => {
    const r = await runs.readUnchanged;
    assertSucceeded(r);
    const run = await openRun("ReadUnchangedFlow", r);
    const refs = async (step: string) => {
      const [task] = await tasksOf(run, step);
      assert.ok(task);
      return new Map(task.artifacts().map((a) => [a.name, a]));
    };
    const [start, middle] = [await refs("start"), await refs("middle")];
    assert.equal(middle.get("table")?.sha, start.get("table")?.sha, "the unchanged table keeps its sha");
    assert.equal(middle.get("table")?.size, start.get("table")?.size);
    assert.notEqual(middle.get("counts")?.sha, start.get("counts")?.sha, "the changed counts are stored anew");
    const [mid] = await tasksOf(run, "middle");
    assert.deepEqual(await mid!.artifact("counts"), [1, 2, 3.5, 4]);
    assert.equal(middle.get("bytesKept")?.sha, start.get("bytesKept")?.sha, "a Buffer read and left alone keeps its sha");
    assert.notEqual(middle.get("bytesChanged")?.sha, start.get("bytesChanged")?.sha, "a Buffer changed in place is stored anew");
    assert.equal(String(await mid!.artifact("bytesChanged")), "zbc");
  });
});

describe("issue 9 defect 10: current.tags holds the user's tags only", () => {
  test("the --tag values, without user:, runtime: or metaflow-ts system tags", async () => {
    const r = await runs.currentTags;
    assertSucceeded(r);
    const run = await openRun("CurrentTagsFlow", r);
    assert.deepEqual([...((await onlyTaskData(run, "start"))["tags"] as string[])].sort(), ["best", "exp:1"]);
    assert.ok(run.systemTags.some((t) => t.startsWith("user:")), "system tags are still on the run");
  });
});

describe("issue 9 defect 11: mergeArtifacts with artifacts not declared as fields", () => {
  test("merged values are readable in the join; a value set before merging wins", async () => {
    const r = await runs.mergeUndeclared;
    assertSucceeded(r);
    const run = await openRun("MergeUndeclaredFlow", r);
    const join = await onlyTaskData(run, "join");
    assert.deepEqual(join["seen"], ["same everywhere", "set in the join"]);
    assert.equal(join["differs"], "set in the join");
    assert.equal((await onlyTaskData(run, "end"))["shared"], "same everywhere");
  });
});

describe("issue 9 defect 14: resume and gc remove the temp files of writers that died", () => {
  test("resume removes a dead writer's temp file; gc too (and says so); a live writer's file stays", async () => {
    const { r, resumed, afterResume, gc, afterGc, liveKept } = await runs.staleTemps;
    assert.ok(r.runId, "the failed run has an id");
    assert.ok(resumed.runId, "resume started a run");
    assert.equal(afterResume, false, "resume removed the stale temp file");
    assert.equal(gc.code, 0, gc.output);
    assert.equal(afterGc, false, "gc removed the stale temp file");
    assert.match(gc.stdout, /deleted 1 temp file left by writers that died/);
    assert.equal(liveKept, true, "the temp file of a live writer (this test process) stays");
  });
});
