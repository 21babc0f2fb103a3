/**
 * Behaviour: `@retry`, `@catchError`, `@timeout` and `--with`, through the real CLI.
 * Attempts are recorded one by one (records and logs), `current.retryCount` tells the
 * attempt, exhausted retries fail the run with the attempt count, `@catchError` stores the
 * exception and lets the flow go on, a time limit kills the task and what it started, and a
 * task killed by a signal is reported with the signal's name and retried.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { flowPath, limiter, makeTmpDir, RUN_CONCURRENCY, runFlow, describeResult, type FlowRunResult } from "../utils/cli.js";
import { assertFailed, assertMentions, assertSucceeded, openRun, tasksOf, type ClientTask } from "../utils/client.js";
import { isAlive, killAll, waitUntilGone } from "../utils/processes.js";

const flow = (name: string): string => flowPath(join("failures", name));
const limit = limiter(RUN_CONCURRENCY);
const pidFile = (async () => join(await makeTmpDir("mfts-timeout-"), "sleep.pid"))();
const runs = {
  retryOk: limit(() => runFlow(flow("retry.ts"), ["--failUntil", "1"])),
  retryExhausted: limit(() => runFlow(flow("retry.ts"), ["--failUntil", "9"])),
  tooMany: limit(() => runFlow(flow("too-many-retries.ts"))),
  caught: limit(() => runFlow(flow("catch-error.ts"))),
  catchForeach: limit(() => runFlow(flow("catch-error-foreach.ts"))),
  catchSwitch: limit(() => runFlow(flow("catch-error-switch.ts"))),
  timeout: limit(async () => runFlow(flow("timeout.ts"), ["--pidFile", await pidFile])),
  timeoutRetry: limit(() => runFlow(flow("timeout-retry.ts"))),
  timeoutSlowLoad: limit(() => runFlow(flow("timeout-slow-load.ts"))),
  withRetry: limit(() => runFlow(flow("plain.ts"), ["--with", "retry:times=2,minutesBetweenRetries=0", "--failUntil", "2"])),
  withCatch: limit(() => runFlow(flow("plain.ts"), ["--with", "catchError:var=e", "--failUntil", "9"])),
  signalThread: limit(() => runFlow(flow("signal-kill.ts"))),
  signalProcess: limit(() => runFlow(flow("signal-kill.ts"), [], { env: { METAFLOW_TS_ISOLATION: "process" } })),
};

/** Folder of a task's records: `<root>/<Flow>/<run>/<step>/<task>`. */
function taskDir(r: FlowRunResult, flowName: string, step: string, taskId: string): string {
  return join(r.datastoreRoot, flowName, r.runId as string, step, taskId);
}

/** The single task of a step. */
async function onlyTask(flowName: string, r: FlowRunResult, step: string): Promise<ClientTask> {
  const tasks = await tasksOf(await openRun(flowName, r), step);
  assert.equal(tasks.length, 1, `one task of ${step}`);
  return tasks[0]!;
}

/** The pid shown in the console prefix of a step's first task line, e.g. `[123/slow/2 (pid 456)]`. */
function pidOfStep(r: FlowRunResult, step: string): number {
  const m = r.output.match(new RegExp(`\\[${r.runId}/${step}/\\d+ \\(pid (\\d+)\\)\\] Task is starting`));
  assert.ok(m, `no start line for ${step}\n${describeResult(r)}`);
  return Number(m[1]);
}

describe("behaviour: @retry", () => {
  test("a step that fails once succeeds on attempt 1: attempt records, per-attempt logs, retryCount", async () => {
    const r = await runs.retryOk;
    assertSucceeded(r);
    assertMentions(r, /flaky\/\d+ \(pid \d+\)\] Task failed/, /flaky\/\d+ \(pid \d+\)\] Retrying\./, /flaky\/\d+ \(pid \d+\)\] Task is starting \(retry 1\)\./);
    const task = await onlyTask("RetryFlow", r, "flaky");
    assert.equal(task.attempts, 2, "two attempts started");
    assert.equal(task.successful, true);
    assert.equal(await task.artifact("attemptSeen"), 1, "current.retryCount is the attempt number");
    assert.equal((await (await openRun("RetryFlow", r)).data())["maxSeen"], 1, "downstream sees the successful attempt's artifacts");

    const dir = taskDir(r, "RetryFlow", "flaky", task.id);
    const files = (await readdir(dir)).sort();
    for (const f of ["0.attempt.json", "0.done.json", "0.stdout", "0.stderr", "1.attempt.json", "1.done.json", "1.stdout", "1.stderr"]) {
      assert.ok(files.includes(f), `${f} in ${dir}: ${files.join(", ")}`);
    }
    const read = (f: string): Promise<string> => readFile(join(dir, f), "utf8");
    assert.equal(JSON.parse(await read("0.attempt.json")).attempt, 0);
    assert.equal(JSON.parse(await read("1.attempt.json")).attempt, 1);
    const done0 = JSON.parse(await read("0.done.json"));
    assert.equal(done0.status, "failed");
    assert.match(done0.error.message, /flaky failure on attempt 0/);
    assert.equal(JSON.parse(await read("1.done.json")).status, "ok");
    assert.ok(JSON.parse(await read("1.done.json")).index.attemptSeen, "the done record of a successful attempt holds its artifact index");
    assert.ok(!files.some((f) => f.endsWith(".data.json")), "no separate index record is written");
    assert.match(await read("0.stdout"), /stdout of attempt 0/);
    assert.doesNotMatch(await read("0.stdout"), /attempt 1/, "each attempt keeps its own stdout");
    assert.match(await read("1.stdout"), /stdout of attempt 1/);
    assert.doesNotMatch(await read("1.stdout"), /attempt 0/);
    assert.match(await read("0.stderr"), /stderr of attempt 0[\s\S]*flaky failure on attempt 0/, "attempt 0's stderr has its error");
    assert.match(await read("1.stderr"), /stderr of attempt 1/);
    assert.doesNotMatch(await read("1.stderr"), /flaky failure/);
    assert.match(await task.stdout(), /stdout of attempt 1/, "the client shows the latest attempt's logs");
  });

  test("retries exhausted: the run fails, naming the task and the number of attempts", async () => {
    const r = await runs.retryExhausted;
    assertFailed(r, /RetryFlow\/\d+\/flaky\/\d+/, "flaky failure on attempt 2", "after 3 attempts");
    assert.equal((r.output.match(/Retrying\./g) ?? []).length, 2, "retried twice");
    const run = await openRun("RetryFlow", r);
    assert.equal(run.successful, false);
    assert.match(run.failure?.reason ?? "", /after 3 attempts/);
    const task = await onlyTask("RetryFlow", r, "flaky");
    assert.equal(task.attempts, 3);
    assert.equal(task.successful, false);
    assert.match(task.exception?.message ?? "", /attempt 2/, "the client shows the last attempt's exception");
    assert.equal((await tasksOf(run, "end")).length, 0);
  });

  test("@retry({ times: 5 }) is refused before the run starts (at most 4 retries)", async () => {
    const r = await runs.tooMany;
    assert.equal(r.code, 2, describeResult(r));
    assertMentions(r, "times=5", "maximum of 4 retries", "start");
    assert.equal(r.runId, undefined, "no run was started");
    assert.doesNotMatch(r.output, /Workflow starting/);
  });
});

describe("behaviour: @catchError", () => {
  test("after the last attempt the exception is stored (type, message, stack) and the flow goes on", async () => {
    const r = await runs.caught;
    assertSucceeded(r);
    assertMentions(r, /Retrying\./, "@catchError caught an exception", "stored in 'failed'", "report: TypeError: bad input on attempt 1");
    const run = await openRun("CatchErrorFlow", r);
    const task = await onlyTask("CatchErrorFlow", r, "risky");
    assert.equal(task.successful, true, "the task counts as successful");
    assert.equal(task.attempts, 2, "the retry ran first");
    const failed = (await task.artifact("failed")) as { type: string; message: string; stack?: string };
    assert.equal(failed.type, "TypeError");
    assert.equal(failed.message, "bad input on attempt 1");
    assert.match(failed.stack ?? "", /catch-error\.ts:\d+/, "the stack points at the flow file");
    assert.deepEqual(await task.artifact("attempts"), [1], "artifacts the last attempt set before throwing are kept (each attempt starts from the inputs)");
    const end = await run.data();
    assert.equal(end["report"], "TypeError: bad input on attempt 1");
  });

  test("refused on a foreach split, naming the step", async () => {
    const r = await runs.catchForeach;
    assert.notEqual(r.code, 0);
    assert.equal(r.code, 2, describeResult(r));
    assertMentions(r, "@catchError", "step split", "foreach", "catch-error-foreach.ts:");
    assert.equal(r.runId, undefined, "no run was started");
  });

  test("refused on a switch step, naming the step", async () => {
    const r = await runs.catchSwitch;
    assert.equal(r.code, 2, describeResult(r));
    assertMentions(r, "@catchError", "step start", "switch");
    assert.equal(r.runId, undefined);
  });
});

describe("behaviour: @timeout", () => {
  test("kills the task and the process it spawned; the failure names the step and the limit", async () => {
    const r = await runs.timeout;
    const sleepPid = Number(await readFile(await pidFile, "utf8"));
    try {
      assertFailed(r, /TimeoutFlow\/\d+\/slow\/\d+/, "timed out after 2 seconds (@timeout)", "Step slow");
      assert.doesNotMatch(r.output, /unreachable/);
      assert.ok(sleepPid > 0, "the step wrote its child's pid");
      assert.deepEqual(await waitUntilGone([sleepPid, pidOfStep(r, "slow")], 2000), [], "the spawned sleep and the task process are gone");
      const run = await openRun("TimeoutFlow", r);
      assert.match(run.failure?.reason ?? "", /timed out after 2 seconds/);
      const task = await onlyTask("TimeoutFlow", r, "slow");
      assert.equal(task.successful, false);
      assert.match(task.exception?.message ?? "", /timed out/);
      assert.match(await task.stdout(), /started sleep/, "output before the kill is kept");
    } finally {
      if (isAlive(sleepPid)) killAll([sleepPid]);
    }
  });

  test("with @retry: the attempt that timed out is retried and the retry succeeds", async () => {
    const r = await runs.timeoutRetry;
    assertSucceeded(r);
    assertMentions(r, "timed out after 1", /Retrying\./);
    const task = await onlyTask("TimeoutRetryFlow", r, "slow");
    assert.equal(task.attempts, 2);
    assert.equal(await task.artifact("doneOnAttempt"), 1);
  });
});

describe("behaviour: @timeout counts the step's own time", () => {
  test("a step that is quick behind a module that takes longer than the limit to load is not timed out", async () => {
    const r = await runs.timeoutSlowLoad;
    assertSucceeded(r);
    assert.equal(await (await onlyTask("TimeoutSlowLoadFlow", r, "work")).artifact("answer"), 42);
  });
});

describe("behaviour: --with", () => {
  test("--with retry:times=2,minutesBetweenRetries=0 retries every step", async () => {
    const r = await runs.withRetry;
    assertSucceeded(r);
    const task = await onlyTask("PlainFlow", r, "work");
    assert.equal(task.attempts, 3);
    assert.equal((await (await openRun("PlainFlow", r)).data())["outcome"], "work succeeded on attempt 2");
  });

  test("--with catchError:var=e stores the exception in e and the flow goes on", async () => {
    const r = await runs.withCatch;
    assertSucceeded(r);
    const task = await onlyTask("PlainFlow", r, "work");
    assert.equal(task.attempts, 1, "no retry without @retry");
    const e = (await task.artifact("e")) as { type: string; message: string };
    assert.equal(e.type, "RangeError");
    assert.equal(e.message, "work failed on attempt 0");
    assert.equal((await (await openRun("PlainFlow", r)).data())["outcome"], "caught RangeError: work failed on attempt 0");
  });

  test("--with retry uses Metaflow's defaults (3 retries), retried at once in a local run (issue 9, defect 2), recorded on every step", async () => {
    const r = await runFlow(flow("plain.ts"), ["--with", "retry", "--failUntil", "3"]);
    assertSucceeded(r);
    assert.doesNotMatch(r.output, /Retrying in/, "a local run does not wait between attempts");
    const task = await onlyTask("PlainFlow", r, "work");
    assert.equal(task.attempts, 4, "the default is 3 retries");
    const record = JSON.parse(await readFile(join(r.datastoreRoot, "PlainFlow", r.runId as string, "_run.json"), "utf8"));
    for (const step of ["start", "work", "end"]) {
      assert.ok(
        (record.stepDecorators[step] as Array<{ name: string }>).some((d) => d.name === "retry"),
        `retry recorded on ${step}: ${JSON.stringify(record.stepDecorators)}`,
      );
    }
  });
});

describe("behaviour: a task killed by a signal", () => {
  for (const [name, key] of [
    ["default isolation", "signalThread"],
    ["METAFLOW_TS_ISOLATION=process", "signalProcess"],
  ] as const) {
    test(`SIGKILL of the task's own process is reported with the signal and retried under @retry (${name})`, async () => {
      const r = await runs[key];
      assertSucceeded(r);
      assertMentions(r, /victim\/\d+ \(pid \d+\)\] Task failed \(killed by SIGKILL/, /Retrying\./, "victim attempt 1");
      const task = await onlyTask("SignalKillFlow", r, "victim");
      assert.equal(task.attempts, 2);
      assert.equal(await task.artifact("survivedOn"), 1);
      const done0 = JSON.parse(await readFile(join(taskDir(r, "SignalKillFlow", "victim", task.id), "0.done.json"), "utf8"));
      assert.equal(done0.status, "failed");
      assert.match(done0.error.message, /killed by SIGKILL.*attempt 1/, "the failed attempt records the signal and the attempt");
    });
  }
});
