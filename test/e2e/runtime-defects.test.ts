/**
 * Runtime defects of issue 9, each through the real CLI and the client: a local `@retry`
 * retries at once (2), `@catchError` catches a task that timed out or died (3),
 * `@environment` sets its variables for its step only (5).
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { flowPath, limiter, RUN_CONCURRENCY, runFlow } from "../utils/cli.js";
import { assertSucceeded, onlyTaskData, openRun, tasksOf } from "../utils/client.js";

const flow = (name: string): string => flowPath(join("defects", name));
const limit = limiter(RUN_CONCURRENCY);
const runs = {
  retryDefault: limit(() => runFlow(flow("retry-default.ts"))),
  withRetryDefault: limit(() => runFlow(flowPath(join("failures", "plain.ts")), ["--with", "retry", "--failUntil", "1"])),
  catchTimeout: limit(() => runFlow(flow("catch-dead-task.ts"), ["--how", "timeout"])),
  catchExit: limit(() => runFlow(flow("catch-dead-task.ts"), ["--how", "exit"])),
  catchSignal: limit(() => runFlow(flow("catch-dead-task.ts"), ["--how", "signal"])),
  environment: limit(() => runFlow(flow("environment-vars.ts"))),
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
    ["timeout", /timed out after 1 second/],
    ["exit", /exited with code 3/],
    ["signal", /killed by SIGKILL/],
  ] as const) {
    test(`${how}: the flow goes on with the failure stored in var`, async () => {
      const r = await runs[how === "timeout" ? "catchTimeout" : how === "exit" ? "catchExit" : "catchSignal"];
      assertSucceeded(r);
      const run = await openRun("CatchDeadTaskFlow", r);
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
