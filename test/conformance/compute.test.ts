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
import { after, describe, test } from "node:test";
import { cliBin, flowPath, limiter, makeTmpDir, runFlow, describeResult, type FlowRunResult } from "../utils/cli.js";
import { assertFailed, assertMentions, assertSucceeded, onlyTaskData, openRun, tasksOf } from "../utils/client.js";
import { isAlive, startFlow, waitUntilGone } from "../utils/processes.js";
import { freshS3Root, s3Env, s3Service } from "../utils/s3.js";
import { serviceVariable } from "../utils/services.js";
import { startKubeApiDouble, type KubeApiDouble } from "../doubles/kube-api-server.js";

const FLOW = flowPath("compute/conformance.ts");

/** A compute backend under test. */
interface Target {
  readonly name: string;
  readonly skip: string | false;
  /** Puts every step on the backend. */
  readonly args: readonly string[];
  /** Environment and datastore of a run (no datastoreRoot: a directory in the run's cwd). */
  prepare(): Promise<{ readonly env: Readonly<Record<string, string>>; readonly datastoreRoot?: string }>;
  /** How the console prefix names where a task runs. */
  readonly where: RegExp;
  /** Puts every step on the backend with `memory=400` for the resources case. */
  readonly resourceArgs: readonly string[];
  /** What the task saw of its granted resources (cpu=2, memory=max(300, 400)). */
  readonly expectSeen: Readonly<Record<string, string>>;
  /** Jobs of a run still queued or running on the engine. */
  liveJobs(runId: string): string[];
  /** Checks what the engine was asked to grant to the resources run (beyond what the task saw). */
  granted?(runId: string): void;
}

const slurm = serviceVariable("METAFLOW_TEST_SLURM", "20-slurm.sh");

const targets: readonly Target[] = [
  {
    name: "local",
    skip: false,
    args: [],
    prepare: async () => ({ env: {} }),
    where: /\(pid \d+\)/,
    resourceArgs: [],
    expectSeen: {},
    liveJobs: () => [],
  },
  {
    name: "slurm",
    skip: slurm.skip,
    args: ["--with", "slurm"],
    prepare: async () => ({ env: {} }),
    where: /\(slurm job \d+_\d+\)/,
    resourceArgs: ["--with", "slurm:memory=400"],
    expectSeen: { SLURM_CPUS_PER_TASK: "2", SLURM_MEM_PER_NODE: "400", SLURM_JOB_PARTITION: "debug", METAFLOW_TS_COMPUTE: "slurm" },
    liveJobs: (runId) =>
      execFileSync("squeue", ["-h", "-o", "%i %j %T"], { encoding: "utf8" })
        .split("\n")
        .filter((l) => l.includes(`-${runId}-`)),
  },
  kubernetesTarget(),
];

/**
 * Kubernetes through the API-server double (which runs each Job's container command here, the
 * image's `metaflow-ts` being this build's CLI) with an S3 datastore (fauxqs, .ci/services/10-s3.sh).
 */
function kubernetesTarget(): Target {
  let api: KubeApiDouble | undefined;
  let kubeconfig: Promise<string> | undefined;
  const started = (): Promise<string> =>
    (kubeconfig ??= (async () => {
      api = await startKubeApiDouble({
        localCommand: (c) => (c[0] === "metaflow-ts" ? [process.execPath, cliBin, ...c.slice(1)] : [...c]),
        // What the image would set: a PATH, and no Node warnings in the task logs.
        baseEnv: { PATH: process.env.PATH ?? "/usr/bin:/bin", NODE_NO_WARNINGS: "1" },
      });
      return api.writeKubeconfig(await makeTmpDir(), "ml");
    })());
  after(() => api?.close());
  const skip = s3Service.skip;
  // Credentials reach the pods the documented way: named in METAFLOW_KUBERNETES_FORWARD_ENV.
  const env = { ...(skip ? {} : s3Env()), METAFLOW_KUBERNETES_FORWARD_ENV: "AWS_ACCESS_KEY_ID,AWS_SECRET_ACCESS_KEY,AWS_MAX_ATTEMPTS" };
  return {
    name: "kubernetes (API-server double, S3 datastore)",
    skip,
    args: ["--with", "kubernetes:image=registry.example/flow:1"],
    prepare: async () => ({ env: { ...env, KUBECONFIG: await started() }, datastoreRoot: await freshS3Root() }),
    where: /\(kubernetes job mf-[a-z0-9-]+\)/,
    resourceArgs: ["--with", "kubernetes:image=registry.example/flow:1,memory=400"],
    expectSeen: { METAFLOW_TS_COMPUTE: "kubernetes" },
    liveJobs: (runId) => api?.liveJobs(runId) ?? [],
    granted: (runId) => {
      const work = api?.created.find((j) => j.metadata.labels["metaflow-ts/run-id"] === runId && j.metadata.labels["metaflow-ts/step"] === "work");
      assert.deepEqual(work?.spec.template.spec.containers[0].resources, { requests: { cpu: "2", memory: "400M" }, limits: { memory: "400M" } });
    },
  };
}

const limit = limiter(3);

// COMPUTE_ONLY=local|slurm|kubernetes runs the cases of one backend.
const only = process.env.COMPUTE_ONLY;

for (const target of targets) {
  const t = only !== undefined && only !== "" && !target.name.startsWith(only) ? { ...target, skip: `COMPUTE_ONLY=${only}` } : target;
  describe(`compute conformance: ${t.name}`, { skip: t.skip }, () => {
    const run = (args: readonly string[], flow = FLOW, cwd?: string): Promise<FlowRunResult> =>
      limit(async () => runFlow(flow, [...t.args, ...args], { ...(await t.prepare()), timeoutMs: 240_000, ...(cwd === undefined ? {} : { cwd }) }));
    // Started up front so that the cases of a backend run concurrently.
    const results = t.skip
      ? undefined
      : {
          ok: run(["--mode", "ok"]),
          fail: run(["--mode", "fail"]),
          exit: run(["--mode", "exit"]),
          kill: run(["--mode", "kill"]),
          flaky: run(["--mode", "flaky", "--with", "retry:times=1,minutesBetweenRetries=0"]),
          resources: limit(async () => runFlow(FLOW, [...t.resourceArgs, "--mode", "resources", "--with", "resources:cpu=2,memory=300"], { ...(await t.prepare()), timeoutMs: 240_000 })),
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
      // Every backend keeps the task's two streams apart (Kubernetes: stderr-tags.ts).
      const [stdout, stderr] = await Promise.all([task.stdout(), task.stderr()]);
      assert.match(stdout, /work starts: ok attempt 0/);
      assert.doesNotMatch(stdout, /to stderr/);
      assert.match(stderr, /to stderr: ok/);
      assert.doesNotMatch(stderr, /work starts/);
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
      t.granted?.(r.runId as string);
    });

    test("timeout: @timeout stops the task (nothing left running) and fails the step", async () => {
      const cwd = await makeTmpDir();
      const marker = join(cwd, "started");
      const r = await run(["--marker", marker], flowPath("compute/timeout.ts"), cwd);
      assertFailed(r, /work\/\d+ .*timed out after 15 seconds/);
      assert.ok(existsSync(marker), `the step never started\n${describeResult(r)}`);
      assert.deepEqual(await waitUntilGone([Number(readFileSync(marker, "utf8"))]), []);
      assert.deepEqual(t.liveJobs(r.runId ?? "?"), []);
    });

    test("@catchError gets the failure of an attempt that timed out (the task command carries it to the backend)", async () => {
      const cwd = await makeTmpDir();
      const r = await run(["--marker", join(cwd, "started"), "--with", "catchError:var=problem"], flowPath("compute/timeout.ts"), cwd);
      assertSucceeded(r);
      const tasks = await tasksOf(await openRun("TimeoutComputeFlow", r), "work");
      const data = (await tasks[0]?.data()) as Record<string, unknown>;
      assert.match(JSON.stringify(data.problem), /timed out after 15 seconds/, describeResult(r));
    });

    test("a scheduler killed with SIGKILL leaves nothing queued or running (its watchdog cancels the jobs)", async () => {
      const cwd = await makeTmpDir();
      const marker = join(cwd, "started");
      const started = await startFlow(FLOW, [...t.args, "--mode", "sleep", "--marker", marker], { ...(await t.prepare()), cwd });
      const deadline = Date.now() + 180_000;
      while (!existsSync(marker) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.ok(existsSync(marker), "the step never started");
      const pid = Number(readFileSync(marker, "utf8"));
      started.child.kill("SIGKILL");
      const r = await started.finished;
      assert.equal(r.code, null, describeResult(r));
      assert.ok(r.runId, describeResult(r));
      assert.deepEqual(await waitUntilGone([pid], 60_000), [], "the task still runs");
      let left = t.liveJobs(r.runId);
      for (let i = 0; i < 600 && left.length > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        left = t.liveJobs(r.runId);
      }
      assert.deepEqual(left, []);
    });

    test("cancel: SIGTERM to the run stops its tasks (nothing left queued or running)", async () => {
      const cwd = await makeTmpDir();
      const marker = join(cwd, "started");
      const started = await startFlow(FLOW, [...t.args, "--mode", "sleep", "--marker", marker], { ...(await t.prepare()), cwd });
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
