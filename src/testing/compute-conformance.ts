/**
 * The compute conformance suite: what every compute backend (local, Slurm, Kubernetes, a third
 * party's) must do with a task, as node:test cases. Each case runs a flow shipped with the package
 * (src/testing/flows/) through the CLI with its steps put on the backend by `--with`: output streamed
 * with the task prefix and stored as the task's logs, failures, exit codes and signals reported,
 * `@retry` as a new attempt, resources granted, `@timeout` and `@catchError`, nothing left running
 * after a killed or cancelled run. Exported as `metaflow-ts/testing`.
 * @module
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { conformanceFlows, describeRun, isAlive, limiter, runFlow, scratchDir, startRun, waitUntilGone, type ConformanceRun } from "./conformance-cli.js";
import { fileURLToPath } from "node:url";
import { resolvePluginModule } from "../plugin-host/resolve-plugin-module.js";
import { failed, mentions, onlyTaskData, openRun, succeeded, tasksOf } from "./run-checks.js";

/** A compute backend under test. */
export interface ComputeConformanceTarget {
  /** Shown in the suite's name, e.g. `slurm`. */
  readonly name: string;
  /** A reason to skip the suite (e.g. its cluster is not configured), or false. */
  readonly skip?: string | false;
  /** CLI arguments that put every step on the backend, e.g. `["--with", "slurm"]` (none: local). */
  readonly args: readonly string[];
  /** Environment and datastore of one run (no datastoreRoot: a directory in the run's working directory). */
  prepare(): Promise<{ readonly env: Readonly<Record<string, string>>; readonly datastoreRoot?: string }>;
  /** How the console prefix names where a task runs, e.g. `/\(slurm job \d+\)/` (local: `(pid N)`). */
  readonly where: RegExp;
  /** Like `args`, with `memory=400` on the backend's decorator, for the resources case. */
  readonly resourceArgs: readonly string[];
  /**
   * What the task sees of its granted resources (cpu=2, memory=max(300, 400)) among the variables
   * SLURM_CPUS_PER_TASK, SLURM_MEM_PER_NODE, SLURM_JOB_PARTITION, METAFLOW_TS_COMPUTE.
   */
  readonly expectSeen: Readonly<Record<string, string>>;
  /** The jobs of a run still queued or running on the engine (must be none after a run ends). */
  liveJobs(runId: string): string[];
  /** Checks what the engine was asked to grant to the resources run (beyond what the task saw). */
  granted?(runId: string): void;
  /**
   * Plugin modules that provide the backend (a third party's): paths (relative to the working
   * directory of the test) or installed package names, given to every run as `--plugin`.
   */
  readonly plugins?: readonly string[];
}

/** Options of {@link computeConformance}. */
export interface ComputeConformanceOptions {
  /** Runs of the suite at the same time. @default 3 */
  readonly concurrency?: number;
  /** Time limit of one run. @default 240 s */
  readonly timeoutMs?: number;
}

/**
 * Declares the compute conformance suite for one backend (a `describe` of node:test; its runs start
 * up front, at most `concurrency` at a time). Needs the package built (it runs the `metaflow-ts`
 * program). Call it at the top level of a test file run by `node --test`.
 */
export function computeConformance(t: ComputeConformanceTarget, options: ComputeConformanceOptions = {}): void {
  const limit = limiter(options.concurrency ?? 3);
  const timeoutMs = options.timeoutMs ?? 240_000;
  // The runs start in scratch directories: each plugin is named by its file.
  const pluginArgs = (t.skip ? [] : (t.plugins ?? [])).flatMap((p) => ["--plugin", fileURLToPath(resolvePluginModule(p, process.cwd()))]);
  const args = [...pluginArgs, ...t.args];
  describe(`compute conformance: ${t.name}`, { skip: t.skip ?? false }, () => {
    const run = (extra: readonly string[], flow: string = conformanceFlows.compute, cwd?: string): Promise<ConformanceRun> =>
      limit(async () => runFlow(flow, [...args, ...extra], { ...(await t.prepare()), timeoutMs, ...(cwd === undefined ? {} : { cwd }) }));
    /** A run of the `@timeout` flow in a fresh directory; `--marker` gets the step's pid. */
    const timeoutRun = async (extra: readonly string[]): Promise<{ readonly r: ConformanceRun; readonly marker: string }> => {
      const cwd = await scratchDir();
      const marker = join(cwd, "started");
      return { r: await run(["--marker", marker, ...extra], conformanceFlows.timeout, cwd), marker };
    };
    // Started up front so that the cases of a backend run concurrently; first the two that mostly
    // wait (for a 15-second limit), so that their waits overlap the others' work.
    const results = t.skip
      ? undefined
      : {
          timeout: timeoutRun([]),
          timeoutCaught: timeoutRun(["--with", "catchError:var=problem"]),
          ok: run(["--mode", "ok"]),
          fail: run(["--mode", "fail"]),
          exit: run(["--mode", "exit"]),
          kill: run(["--mode", "kill"]),
          flaky: run(["--mode", "flaky", "--with", "retry:times=1,minutesBetweenRetries=0"]),
          resources: limit(async () => runFlow(conformanceFlows.compute, [...pluginArgs, ...t.resourceArgs, "--mode", "resources", "--with", "resources:cpu=2,memory=300"], { ...(await t.prepare()), timeoutMs })),
        };
    const get = <K extends keyof NonNullable<typeof results>>(k: K) => (results as NonNullable<typeof results>)[k];

    test("success: the run succeeds, output streams with the task prefix and is stored as the task's logs", async () => {
      const r = await get("ok");
      succeeded(r);
      const prefix = new RegExp(`\\[${r.runId}/work/\\d+ ${t.where.source}\\] work starts: ok attempt 0`);
      assert.match(r.stdout, prefix, describeRun(r));
      assert.match(r.stderr, new RegExp(`\\[${r.runId}/work/\\d+ ${t.where.source}\\] to stderr: ok`), describeRun(r));
      const [task] = await tasksOf(await openRun("ConformanceFlow", r), "work");
      assert.ok(task);
      // Every backend keeps the task's two streams apart (Kubernetes: stderr-tags.ts).
      const [stdout, stderr] = await Promise.all([task.stdout(), task.stderr()]);
      assert.match(stdout, /work starts: ok attempt 0/);
      assert.doesNotMatch(stdout, /to stderr/);
      assert.match(stderr, /to stderr: ok/);
      assert.doesNotMatch(stderr, /work starts/);
    });

    test("failure: an exception fails the run and is reported", async () => {
      const r = await get("fail");
      failed(r, "work failed on purpose", "/work/");
    });

    test("failure exit code: the task's own exit code is reported", async () => {
      const r = await get("exit");
      failed(r, /exited with code 3/);
    });

    test("kill: a task killed by a signal is reported with the signal", async () => {
      const r = await get("kill");
      failed(r, /SIGKILL/);
    });

    test("retry: @retry runs a failed attempt again (a new job on a cluster)", async () => {
      const r = await get("flaky");
      succeeded(r);
      mentions(r, "Retrying", "first attempt fails");
      const starts = [...r.stdout.matchAll(new RegExp(`\\[${r.runId}/work/\\d+( \\([^)]*\\))?\\] Task is starting`, "g"))].map((m) => m[1]);
      assert.equal(starts.length, 2, describeRun(r));
      if (t.name !== "local") assert.notEqual(starts[0], starts[1], `a retry must be a new job\n${describeRun(r)}`);
      const data = await onlyTaskData(await openRun("ConformanceFlow", r), "work");
      assert.equal(data.result, "flaky:1");
    });

    test("resources: @resources and the backend decorator are merged (the larger wins) and granted", async () => {
      const r = await get("resources");
      succeeded(r);
      const data = await onlyTaskData(await openRun("ConformanceFlow", r), "work");
      assert.deepEqual(data.seen, t.expectSeen);
      t.granted?.(r.runId as string);
    });

    test("timeout: @timeout stops the task (nothing left running) and fails the step", async () => {
      const { r, marker } = await get("timeout");
      failed(r, /work\/\d+ .*timed out after 15 seconds/);
      assert.ok(existsSync(marker), `the step never started\n${describeRun(r)}`);
      assert.deepEqual(await waitUntilGone([Number(readFileSync(marker, "utf8"))]), []);
      assert.deepEqual(t.liveJobs(r.runId ?? "?"), []);
    });

    test("@catchError gets the failure of an attempt that timed out (the task command carries it to the backend)", async () => {
      const { r } = await get("timeoutCaught");
      succeeded(r);
      const tasks = await tasksOf(await openRun("TimeoutComputeFlow", r), "work");
      const data = (await tasks[0]?.data()) as Record<string, unknown>;
      assert.match(JSON.stringify(data.problem), /timed out after 15 seconds/, describeRun(r));
    });

    /** Starts a run whose step sleeps; resolves once the step runs, with the step's pid. */
    const startSleepingStep = async (): Promise<{ started: Awaited<ReturnType<typeof startRun>>; pid: number }> => {
      const cwd = await scratchDir();
      const marker = join(cwd, "started");
      const started = await startRun(conformanceFlows.compute, [...args, "--mode", "sleep", "--marker", marker], { ...(await t.prepare()), cwd, timeoutMs });
      const deadline = Date.now() + 180_000;
      while (!existsSync(marker) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.ok(existsSync(marker), "the step never started");
      return { started, pid: Number(readFileSync(marker, "utf8")) };
    };

    test("a scheduler killed with SIGKILL leaves nothing queued or running (its watchdog cancels the jobs)", async () => {
      const { started, pid } = await startSleepingStep();
      started.child.kill("SIGKILL");
      const r = await started.finished;
      assert.equal(r.code, null, describeRun(r));
      assert.ok(r.runId, describeRun(r));
      assert.deepEqual(await waitUntilGone([pid], 60_000), [], "the task still runs");
      let left = t.liveJobs(r.runId);
      for (let i = 0; i < 600 && left.length > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        left = t.liveJobs(r.runId);
      }
      assert.deepEqual(left, []);
    });

    test("cancel: SIGTERM to the run stops its tasks (nothing left queued or running)", async () => {
      const { started, pid } = await startSleepingStep();
      assert.ok(isAlive(pid));
      started.child.kill("SIGTERM");
      const r = await started.finished;
      failed(r, /interrupted/);
      assert.deepEqual(await waitUntilGone([pid]), []);
      assert.deepEqual(t.liveJobs(r.runId ?? "?"), []);
    });
  });
}
