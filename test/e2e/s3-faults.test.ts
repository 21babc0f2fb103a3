/**
 * Faults of a real S3 server, through the CLI: the server of .ci/services/10-s3.sh behind the
 * fault-injecting proxy of test/doubles/s3-fault-proxy.ts (fauxqs enforces no credentials, so the
 * proxy answers denied, throttled and failed requests as S3 does, or resets the connection).
 *
 * - Throttled (503 SlowDown), failed (500 InternalError) and reset requests are retried by the
 *   SDK (the retried requests carry `attempt=2`, `attempt=3`): the run succeeds.
 * - A fault that persists stops the run after `AWS_MAX_ATTEMPTS` attempts with a typed error naming
 *   bucket and key, no stack trace; once it clears, `resume` completes and nothing is corrupt.
 * - Denied credentials (403 AccessDenied) are not retried: one request, then a clear error.
 * The missing bucket and the unreachable endpoint are in s3-datastore.test.ts.
 */
import { test, describe, after } from "node:test";
import assert from "node:assert/strict";
import { flowPath, limiter, RUN_CONCURRENCY, runCli, runFlow, type FlowRunResult } from "../utils/cli.js";
import { assertSucceeded, openRun } from "../utils/client.js";
import { assertConsistentS3, freshS3Root, s3Env, s3Service } from "../utils/s3.js";
import { startS3FaultProxy, type FaultRule, type ProxiedRequest, type S3FaultProxy } from "../doubles/s3-fault-proxy.js";

const linear = flowPath("linear.ts");
const proxies: S3FaultProxy[] = [];

/** A fresh bucket and a proxy in front of the server, and the environment that goes through it. */
async function setUp(): Promise<{ root: string; bucket: string; proxy: S3FaultProxy; env: Record<string, string> }> {
  const root = await freshS3Root();
  const proxy = await startS3FaultProxy(s3Service.value as string);
  proxies.push(proxy);
  return { root, bucket: new URL(root).host, proxy, env: { ...s3Env(), AWS_ENDPOINT_URL_S3: proxy.url, AWS_MAX_ATTEMPTS: "3" } };
}

/** The requests for `method` on a path matching `path`, in order. */
const requestsFor = (proxy: S3FaultProxy, method: string, path: RegExp): ProxiedRequest[] => proxy.requests.filter((r) => r.method === method && path.test(r.path));

/** The first requests matching were `faults` times the fault, then the same request retried and served. */
function assertRetriedThenServed(proxy: S3FaultProxy, method: string, path: RegExp, fault: string, faults: number): void {
  const seen = requestsFor(proxy, method, path).slice(0, faults + 1);
  const describe = seen.map((r) => `${r.method} ${r.path} attempt=${r.attempt} -> ${r.outcome}`).join("\n");
  assert.equal(seen.length, faults + 1, `${method} ${path}: ${faults} faults and a retry\n${describe}`);
  assert.equal(new Set(seen.map((r) => r.path)).size, 1, `the same key was retried\n${describe}`);
  assert.deepEqual(seen.map((r) => r.attempt), Array.from({ length: faults + 1 }, (_, i) => i + 1), `the SDK numbered its attempts\n${describe}`);
  assert.deepEqual(seen.map((r) => r.outcome), [...Array<string>(faults).fill(fault), 200], describe);
}

/** No stack trace in the output (a task's output lines carry a `[run/step/task (pid N)]` prefix). */
function assertNoStackTrace(r: { output: string }): void {
  assert.doesNotMatch(r.output, /^(?:\[[^\]]*\])?\s+at \S/m, `no stack trace:\n${r.output}`);
}

/** LinearFlow's results (start -> middle -> end). */
async function assertLinearResults(r: FlowRunResult): Promise<void> {
  const data = await (await openRun("LinearFlow", r)).data();
  assert.equal(data["c"], 4);
  assert.deepEqual(data["trail"], ["start", "middle", "end"]);
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** Runs `scenario` now (bounded, in parallel with the others); its test awaits and checks it. */
const limit = limiter(RUN_CONCURRENCY);
const scenario = <T>(body: () => Promise<T>): Promise<T> => (s3Service.skip ? new Promise<T>(() => undefined) : limit(body));

const transient = scenario(async () => {
  const { root, proxy, env } = await setUp();
  proxy.inject({ fault: "SlowDown", method: "PUT", path: /\/_run\.json$/, times: 2 }); // the scheduler's run record
  proxy.inject({ fault: "SlowDown", method: "PUT", path: /\/data\/[0-9a-f]{2}\//, times: 2 }); // a conditional blob write
  proxy.inject({ fault: "InternalError", method: "PUT", path: /\/middle\/\d+\/0\.attempt\.json$/, times: 2 }); // a task's record
  proxy.inject({ fault: "reset", method: "GET", path: /\/data\/[0-9a-f]{2}\//, times: 1 }); // a lazy artifact read in a step
  return { root, proxy, r: await runFlow(linear, [], { datastoreRoot: root, env }) };
});

/** A run under a persistent fault; then, the fault cleared, its resume. */
function persistent(rule: FaultRule): Promise<{ root: string; bucket: string; proxy: S3FaultProxy; failed: FlowRunResult; faulted: ProxiedRequest[]; resumed: FlowRunResult }> {
  return scenario(async () => {
    const { root, bucket, proxy, env } = await setUp();
    proxy.inject(rule);
    const failed = await runFlow(linear, [], { datastoreRoot: root, env });
    const faulted = proxy.requests.filter((r) => r.outcome === rule.fault);
    proxy.clear();
    const resumed = await runFlow(linear, [], { command: "resume", cwd: failed.cwd, datastoreRoot: root, env });
    return { root, bucket, proxy, failed, faulted, resumed };
  });
}
const throttled = persistent({ fault: "SlowDown", method: "PUT", path: /\/end\/\d+\// });
const failing = persistent({ fault: "InternalError", method: "GET", path: /\/data\/[0-9a-f]{2}\// });

const denied = scenario(async () => {
  const { root, bucket, proxy, env } = await setUp();
  proxy.inject({ fault: "AccessDenied" });
  const run = await runFlow(linear, [], { datastoreRoot: root, env });
  const runs = await runCli(["runs", "LinearFlow", "--datastore-root", root], { env });
  return { bucket, proxy, run, runs };
});

// The tests read runs through the client (one datastore at a time), so they check one after another.
describe("S3 faults (fault-injecting proxy in front of the real server)", { skip: s3Service.skip }, () => {
  after(() => Promise.all(proxies.map((p) => p.close())));

  test("throttled, failed and reset requests are retried by the SDK, and the run succeeds", async () => {
    const { root, proxy, r } = await transient;
    assertSucceeded(r);
    await assertLinearResults(r);
    assertRetriedThenServed(proxy, "PUT", /\/_run\.json$/, "SlowDown", 2);
    assertRetriedThenServed(proxy, "PUT", /\/data\/[0-9a-f]{2}\//, "SlowDown", 2);
    assertRetriedThenServed(proxy, "PUT", /\/middle\/\d+\/0\.attempt\.json$/, "InternalError", 2);
    assertRetriedThenServed(proxy, "GET", /\/data\/[0-9a-f]{2}\//, "reset", 1);
    await assertConsistentS3(root);
  });

  test("persistent throttling stops the run after AWS_MAX_ATTEMPTS with an error naming bucket and key; resume completes once it clears", async () => {
    const { root, bucket, failed, faulted, resumed } = await throttled;
    assert.notEqual(failed.code, 0, failed.output);
    assert.match(failed.output, new RegExp(`Cannot write s3://${escape(bucket)}/runs/LinearFlow/${failed.runId}/end/\\d+/0\\.attempt\\.json: the S3 server throttled the request \\(SlowDown, 3 attempts with backoff\\)`));
    assertNoStackTrace(failed);
    const attempts = faulted.filter((r) => r.method === "PUT" && /\/0\.attempt\.json$/.test(r.path));
    assert.deepEqual(attempts.map((a) => a.attempt), [1, 2, 3], "three attempts of the same write");
    assertSucceeded(resumed);
    assert.equal((resumed.stdout.match(/Reusing the results of/g) ?? []).length, 2, "start and middle are reused");
    await assertLinearResults(resumed);
    await assertConsistentS3(root);
  });

  test("a read that keeps failing (500) in a step fails the task at the user's line, naming bucket and key; resume completes", async () => {
    const { bucket, failed, faulted, resumed } = await failing;
    assert.notEqual(failed.code, 0, failed.output);
    assert.match(failed.output, new RegExp(`Cannot read s3://${escape(bucket)}/runs/LinearFlow/data/[0-9a-f]{2}/[0-9a-f]{64}: the S3 server failed \\(InternalError, HTTP 500, 3 attempts with backoff`));
    assert.match(failed.output, /linear\.ts:\d+/, "the step's line that read the artifact");
    assert.match(failed.output, /middle\/\d+ failed/);
    assert.deepEqual(faulted.map((a) => a.attempt), [1, 2, 3], "three attempts of the same read");
    assertSucceeded(resumed);
    await assertLinearResults(resumed);
  });

  test("denied credentials (403) are not retried: one request, then an error naming bucket and key, for a run and for a read", async () => {
    const { bucket, proxy, run, runs } = await denied;
    assert.notEqual(run.code, 0, run.output);
    assert.match(run.output, new RegExp(`Cannot write s3://${escape(bucket)}/runs/LinearFlow/code/[0-9a-f]+\\.mjs: access denied \\(AccessDenied\\)\\. Check the credentials`));
    assertNoStackTrace(run);
    assert.notEqual(runs.code, 0, runs.output);
    assert.match(runs.output, new RegExp(`s3://${escape(bucket)}/runs/LinearFlow\\S*: access denied \\(AccessDenied\\)`));
    assertNoStackTrace(runs);
    assert.ok(proxy.requests.length >= 2);
    assert.deepEqual(proxy.requests.filter((r) => r.attempt !== 1), [], "no denied request was retried");
  });
});
