/**
 * Compute conformance: the same cases against every compute backend: local (always), Slurm (a
 * real one-node cluster from .ci/services/20-slurm.sh), Kubernetes (the API-server double, see
 * test/doubles/). Each case runs test/flows/compute/conformance.ts through the CLI with its `work`
 * step (and the others) put on the backend by `--with`.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { flowPath, limiter, makeTmpDir, runFlow, describeResult, type FlowRunResult } from "../utils/cli.js";
import { assertFailed, assertMentions, assertSucceeded, onlyTaskData, openRun, tasksOf } from "../utils/client.js";
import { isAlive, startFlow, waitUntilGone } from "../utils/processes.js";
import { serviceVariable } from "../utils/services.js";

const FLOW = flowPath("compute/conformance.ts");

/** A compute backend under test. */
interface Target {
  readonly name: string;
  readonly skip: string | false;
  /** Puts every step on the backend. */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** How the console prefix names where a task runs. */
  readonly where: RegExp;
  /** Puts every step on the backend with `memory=400` for the resources case. */
  readonly resourceArgs: readonly string[];
  /** What the task saw of its granted resources (cpu=2, memory=max(300, 400)). */
  readonly expectSeen: Readonly<Record<string, string>>;
  /** Jobs of a run still queued or running on the engine. */
  liveJobs(runId: string): string[];
}

const slurm = serviceVariable("METAFLOW_TEST_SLURM", "20-slurm.sh");

const targets: readonly Target[] = [
  {
    name: "local",
    skip: false,
    args: [],
    env: {},
    where: /\(pid \d+\)/,
    resourceArgs: [],
    expectSeen: {},
    liveJobs: () => [],
  },
  {
    name: "slurm",
    skip: slurm.skip,
    args: ["--with", "slurm"],
    env: {},
    where: /\(slurm job \d+_\d+\)/,
    resourceArgs: ["--with", "slurm:memory=400"],
    expectSeen: { SLURM_CPUS_PER_TASK: "2", SLURM_MEM_PER_NODE: "400", SLURM_JOB_PARTITION: "debug", METAFLOW_TS_COMPUTE: "slurm" },
    liveJobs: (runId) =>
      execFileSync("squeue", ["-h", "-o", "%i %j %T"], { encoding: "utf8" })
        .split("\n")
        .filter((l) => l.includes(`-${runId}-`)),
  },
];

const limit = limiter(3);

for (const t of targets) {
  describe(`compute conformance: ${t.name}`, { skip: t.skip }, () => {
    const run = (args: readonly string[]): Promise<FlowRunResult> => limit(() => runFlow(FLOW, [...t.args, ...args], { env: t.env, timeoutMs: 240_000 }));
    // Started up front so that the cases of a backend run concurrently.
    const results = t.skip
      ? undefined
      : {
          ok: run(["--mode", "ok"]),
          fail: run(["--mode", "fail"]),
          exit: run(["--mode", "exit"]),
          kill: run(["--mode", "kill"]),
          flaky: run(["--mode", "flaky", "--with", "retry:times=1,minutesBetweenRetries=0"]),
          resources: limit(() => runFlow(FLOW, [...t.resourceArgs, "--mode", "resources", "--with", "resources:cpu=2,memory=300"], { env: t.env, timeoutMs: 240_000 })),
        };
    const get = <K extends keyof NonNullable<typeof results>>(k: K) => (results as NonNullable<typeof results>)[k];

    test("success: the run succeeds, output streams with the task prefix and is stored as the task's logs", async () => {
      const r = await get("ok");
      assertSucceeded(r);
      const prefix = new RegExp(`\\[${r.runId}/work/\\d+ ${t.where.source}\\] work starts: ok attempt 0`);
      assert.match(r.stdout, prefix, describeResult(r));
      assert.match(r.stderr, new RegExp(`\\[${r.runId}/work/\\d+ ${t.where.source}\\] to stderr: ok`), describeResult(r));
      const [task] = await tasksOf(await openRun("ConformanceFlow", r), "work");
      assert.ok(task);
      assert.match(await task.stdout(), /work starts: ok attempt 0/);
      assert.match(await task.stderr(), /to stderr: ok/);
    });

    test("failure: an exception fails the run and is reported", async () => {
      const r = await get("fail");
      assertFailed(r, "work failed on purpose", "/work/");
    });

    test("failure exit code: the task's own exit code is reported", async () => {
      const r = await get("exit");
      assertFailed(r, /exited with code 3/);
    });

    test("kill: a task killed by a signal is reported with the signal", async () => {
      const r = await get("kill");
      assertFailed(r, /SIGKILL/);
    });

    test("retry: @retry runs a failed attempt again (a new job on a cluster)", async () => {
      const r = await get("flaky");
      assertSucceeded(r);
      assertMentions(r, "Retrying", "first attempt fails");
      const starts = [...r.stdout.matchAll(new RegExp(`\\[${r.runId}/work/\\d+( \\([^)]*\\))?\\] Task is starting`, "g"))].map((m) => m[1]);
      assert.equal(starts.length, 2, describeResult(r));
      if (t.name !== "local") assert.notEqual(starts[0], starts[1], `a retry must be a new job\n${describeResult(r)}`);
      const data = await onlyTaskData(await openRun("ConformanceFlow", r), "work");
      assert.equal(data.result, "flaky:1");
    });

    test("resources: @resources and the backend decorator are merged (the larger wins) and granted", async () => {
      const r = await get("resources");
      assertSucceeded(r);
      const data = await onlyTaskData(await openRun("ConformanceFlow", r), "work");
      assert.deepEqual(data.seen, t.expectSeen);
    });

    test("timeout: @timeout stops the task (nothing left running) and fails the step", async () => {
      const cwd = await makeTmpDir();
      const marker = join(cwd, "started");
      const r = await limit(() => runFlow(flowPath("compute/timeout.ts"), [...t.args, "--marker", marker], { cwd, env: t.env, timeoutMs: 240_000 }));
      assertFailed(r, /work\/\d+ .*timed out after 15 seconds/);
      assert.ok(existsSync(marker), `the step never started\n${describeResult(r)}`);
      assert.deepEqual(await waitUntilGone([Number(readFileSync(marker, "utf8"))]), []);
      assert.deepEqual(t.liveJobs(r.runId ?? "?"), []);
    });

    test("cancel: SIGTERM to the run stops its tasks (nothing left queued or running)", async () => {
      const started = await startFlow(FLOW, [...t.args, "--mode", "sleep", "--marker", "started"], { env: t.env });
      const marker = join(started.cwd, "started");
      const deadline = Date.now() + 180_000;
      while (!existsSync(marker) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.ok(existsSync(marker), "the step never started");
      const pid = Number(readFileSync(marker, "utf8"));
      assert.ok(isAlive(pid));
      started.child.kill("SIGTERM");
      const r = await started.finished;
      assertFailed(r, /interrupted/);
      assert.deepEqual(await waitUntilGone([pid]), []);
      assert.deepEqual(t.liveJobs(r.runId ?? "?"), []);
    });
  });
}
