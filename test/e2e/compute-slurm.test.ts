/**
 * The Slurm backend end to end on a real one-node cluster (.ci/services/20-slurm.sh): a hybrid run
 * (local start, 100-way foreach on Slurm, local join) equals the all-local run; --max-workers bounds
 * the jobs; resume reuses local and remote tasks; @catchError; out-of-memory; clear errors before
 * anything is submitted.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { describeResult, flowPath, limiter, makeTmpDir, runFlow } from "../utils/cli.js";
import { assertFailed, assertMentions, assertSucceeded, byIndex, onlyTaskData, openRun, tasksOf } from "../utils/client.js";
import { startFlow } from "../utils/processes.js";
import { serviceVariable } from "../utils/services.js";
import { conformanceFlows } from "../../src/testing/conformance-cli.js";

const slurm = serviceVariable("METAFLOW_TEST_SLURM", "20-slurm.sh");
const HYBRID = flowPath("compute/hybrid.ts");
const LOCAL = flowPath("compute/hybrid-local.ts");
const CONFORMANCE = conformanceFlows.compute;
const limit = limiter(3);

describe("Slurm backend", { skip: slurm.skip }, () => {
  const results = slurm.skip
    ? undefined
    : {
        // A relative datastore root: made absolute before jobs are submitted (the nodes share the filesystem).
        hybrid: limit(async () => {
          const cwd = await makeTmpDir();
          return runFlow(HYBRID, [], { cwd, datastoreRoot: "store", maxWorkers: 10, timeoutMs: 600_000 });
        }),
        local: limit(() => runFlow(LOCAL, [], { maxWorkers: 4, timeoutMs: 600_000 })),
        oom: limit(() => runFlow(CONFORMANCE, ["--with", "slurm:memory=60", "--mode", "oom"], { timeoutMs: 240_000 })),
        caught: limit(() => runFlow(CONFORMANCE, ["--with", "slurm", "--with", "catchError:var=problem", "--mode", "fail"], { timeoutMs: 240_000 })),
      };
  const get = <K extends keyof NonNullable<typeof results>>(k: K) => (results as NonNullable<typeof results>)[k];

  test("hybrid run: local start, 100-way foreach on Slurm, local join = the all-local run", async () => {
    const [hybrid, local] = await Promise.all([get("hybrid"), get("local")]);
    assertSucceeded(hybrid);
    assertSucceeded(local);
    const h = await onlyTaskData(await openRun("HybridFlow", { ...hybrid, datastoreRoot: join(hybrid.cwd, "store") }), "join");
    const l = await onlyTaskData(await openRun("HybridLocalFlow", local), "join");
    assert.deepEqual(h.squares, l.squares);
    assert.equal(h.total, l.total);
    assert.equal(h.total, Array.from({ length: 100 }, (_, i) => i * i).reduce((a, b) => a + b, 0));
    assert.equal(h.remote, 100, "every body task ran on Slurm");
    assert.equal(l.remote, 0);
    // start and join ran here, body on the cluster; its output came back with the job's id.
    assert.match(hybrid.stdout, new RegExp(`\\[${hybrid.runId}/start/1 \\(pid \\d+\\)\\] Task is starting`));
    assert.match(hybrid.stdout, /\/body\/\d+ \(slurm job \d+_\d+\)\] square 7 = 49 on slurm/);
    // --max-workers 10: never more than 10 body jobs submitted and unfinished at once.
    let open = 0;
    let most = 0;
    for (const line of hybrid.stdout.split("\n")) {
      if (/\/body\/\d+ .*Task is starting/.test(line)) most = Math.max(most, ++open);
      if (/\/body\/\d+ .*Task (finished|failed)/.test(line)) open--;
    }
    assert.ok(most <= 10 && most > 1, `at most 10 jobs at once, got ${most}\n${describeResult(hybrid)}`);
    // The output of remote tasks is stored as their logs.
    const run = await openRun("HybridFlow", { ...hybrid, datastoreRoot: join(hybrid.cwd, "store") });
    const bodies = byIndex(await tasksOf(run, "body"));
    assert.match(await bodies[5]!.stdout(), /square 5 = 25 on slurm/);
  });

  test("an out-of-memory job is reported as such, with Slurm's words", async () => {
    const r = await get("oom");
    assertFailed(r, /out of memory/, /Slurm job \d+_\d+/, /memory limit/i);
  });

  test("@catchError works on a Slurm step", async () => {
    const r = await get("caught");
    assertSucceeded(r);
    const data = await onlyTaskData(await openRun("ConformanceFlow", r), "work");
    assert.match(String((data.problem as { message?: string })?.message ?? data.problem), /work failed on purpose/);
  });

  test("resume across local and remote tasks reuses what succeeded and reruns the rest", async () => {
    const cwd = await makeTmpDir();
    const failed = await limit(() => runFlow(HYBRID, ["--count", "6"], { cwd, env: { HYBRID_FAIL_INDEX: "3" }, maxWorkers: 6, timeoutMs: 240_000 }));
    assertFailed(failed, "body 3 fails on purpose");
    const resumed = await limit(() => runFlow(HYBRID, [], { cwd, command: "resume", maxWorkers: 6, timeoutMs: 240_000 }));
    assertSucceeded(resumed);
    // The failed run cancelled the body jobs still running when body 3 failed; those that had finished are reused.
    const finished = failed.stdout.split("\n").filter((l) => /\/body\/\d+ .*Task finished successfully/.test(l)).length;
    const reused = resumed.stdout.split("\n").filter((l) => l.includes("Reusing the results of"));
    assert.ok(reused.some((l) => l.includes("/start/1]")), describeResult(resumed));
    assert.equal(reused.length, 1 + finished, `start and the ${finished} finished body tasks are reused\n${describeResult(resumed)}`);
    assert.match(resumed.stdout, /\/body\/\d+ \(slurm job \d+_\d+\)\] square 3 = 9 on slurm/);
    const data = await onlyTaskData(await openRun("HybridFlow", resumed), "join");
    assert.equal(data.total, 0 + 1 + 4 + 9 + 16 + 25);
    assert.equal(data.remote, 6);
  });

  test("a node failure is reported with Slurm's state and reason, and @retry runs the task again on a new job", async () => {
    // On the `spare` partition: its node, mfspare (.ci/services/20-slurm.sh), is taken down without touching other tests' jobs.
    const cwd = await makeTmpDir();
    const marker = join(cwd, "started");
    const started = await limit(() => startFlow(CONFORMANCE, ["--with", "slurm:partition=spare", "--with", "retry:times=1,minutesBetweenRetries=0", "--mode", "sleep-first", "--marker", marker], { cwd, timeoutMs: 300_000 }));
    const resumeNode = (): void => {
      try {
        execFileSync("scontrol", ["update", "nodename=mfspare", "state=resume"], { stdio: "ignore" });
      } catch {
        // it is back already (ReturnToService=2)
      }
    };
    try {
      await started.waitFor(/\/work\/\d+ \(slurm job \d+_\d+\)\] work starts: sleep-first attempt 0/, 240_000);
      for (let i = 0; i < 600 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 100));
      execFileSync("scontrol", ["update", "nodename=mfspare", "state=down", "reason=metaflow-ts test: node failure"]);
      await started.waitFor(/Task failed \(was lost: node failure/, 120_000);
      resumeNode();
      const r = await started.finished;
      assertSucceeded(r);
      assertMentions(r, /work\/\d+ \(slurm job \d+_\d+\)\] Task failed \(was lost: node failure \(Slurm job \d+_\d+: NODE_FAIL, NodeDown\)\)/, "Retrying");
      const data = await onlyTaskData(await openRun("ConformanceFlow", r), "work");
      assert.equal(data.result, "sleep-first:1");
    } finally {
      resumeNode();
      started.child.kill("SIGKILL");
    }
  });

  describe("clear errors before any job is submitted", () => {
    const refused = async (args: readonly string[], env: Record<string, string> = {}) => {
      const r = await limit(() => runFlow(CONFORMANCE, args, { env }));
      assert.ok(r.code !== 0 && r.code !== null, describeResult(r));
      assert.equal(r.runId, undefined, `no run may start\n${describeResult(r)}`);
      return r;
    };

    test("an unknown partition names the partitions the cluster has", async () => {
      const r = await refused(["--with", "slurm:partition=nosuch"]);
      assertMentions(r, "nosuch", "debug", "second");
    });

    test("METAFLOW_SLURM_PARTITION picks the default partition (and is checked too)", async () => {
      const r = await refused(["--with", "slurm"], { METAFLOW_SLURM_PARTITION: "gpu-none" });
      assertMentions(r, "METAFLOW_SLURM_PARTITION", "gpu-none");
    });

    test("malformed resources and time limits", async () => {
      assertMentions(await refused(["--with", "slurm:memory=lots"]), "@slurm(memory)", "in MB");
      assertMentions(await refused(["--with", "slurm", "--with", "resources:cpu=-1"]), "@resources(cpu)");
      assertMentions(await refused(["--with", "slurm:time=soon"]), "@slurm(time)", "H:MM:SS");
    });

    test("a request the cluster cannot satisfy is refused by Slurm before submission", async () => {
      const r = await refused(["--with", "slurm:cpu=64"]);
      assertMentions(r, "Slurm would not accept the jobs of step", "--cpus-per-task=64");
    });

    test("no reachable cluster: the error names SLURM_CONF", async () => {
      const dir = await makeTmpDir();
      const conf = join(dir, "slurm.conf");
      const real = readFileSync(process.env.SLURM_CONF ?? "/etc/slurm/slurm.conf", "utf8");
      writeFileSync(conf, real.replace(/^SlurmctldPort=.*$/m, "SlurmctldPort=9").replace(/^MessageTimeout=.*$/m, "MessageTimeout=2"));
      const r = await refused(["--with", "slurm"], { SLURM_CONF: conf });
      assertMentions(r, `SLURM_CONF=${conf}`, "Cannot reach the Slurm cluster");
    });
  });

  test("nothing of these runs is left queued or running on the cluster", async () => {
    const runs = await Promise.all([get("hybrid"), get("oom"), get("caught")]);
    const jobs = execFileSync("squeue", ["-h", "-o", "%j"], { encoding: "utf8" }).split("\n");
    for (const r of runs) assert.deepEqual(jobs.filter((j) => j.includes(`-${r.runId}-`)), []);
  });
});
