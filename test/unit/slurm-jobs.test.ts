/**
 * The pure parts of the Slurm backend: reading `scontrol show job -o`, turning a finished job into
 * the end of a task (with the engine's reason), the sbatch options of a step, and the array job
 * script (run by a real shell).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, test } from "node:test";
import { arrayJobScript, shellQuote } from "../../src/plugins/compute/slurm/job-script.js";
import { isTerminal, jobEnd, parseJobRecords } from "../../src/plugins/compute/slurm/job-status.js";
import { sbatchOptions } from "../../src/plugins/compute/slurm/slurm-options.js";
import { MetaflowError } from "../../src/errors.js";

// As Slurm 22.05 prints them (shortened after ExitCode).
const line = (id: string, task: string, state: string, reason: string, exit: string): string =>
  `JobId=${id} ArrayJobId=191 ArrayTaskId=${task} JobName=metaflow-HybridFlow-17-body UserId=root(0) GroupId=root(0) MCS_label=N/A Priority=4294901647 Nice=0 Account=(null) QOS=(null) JobState=${state} Reason=${reason} Dependency=(null) Requeue=0 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=${exit} RunTime=00:00:03 TimeLimit=UNLIMITED`;

describe("scontrol show job -o", () => {
  test("array elements and pending ranges are read with state, reason and exit code", () => {
    const records = parseJobRecords([line("192", "0", "COMPLETED", "None", "0:0"), line("193", "1", "FAILED", "NonZeroExitCode", "1:0"), line("191", "[2-9]", "PENDING", "Priority", "0:0"), ""].join("\n"));
    assert.deepEqual(records, [
      { id: "191_0", state: "COMPLETED", reason: "None", exitCode: 0, exitSignal: 0 },
      { id: "191_1", state: "FAILED", reason: "NonZeroExitCode", exitCode: 1, exitSignal: 0 },
      { id: "191_[2-9]", state: "PENDING", reason: "Priority", exitCode: 0, exitSignal: 0 },
    ]);
    assert.equal(isTerminal("PENDING"), false);
    assert.equal(isTerminal("RUNNING"), false);
    assert.equal(isTerminal("COMPLETING"), false);
    assert.equal(isTerminal("NODE_FAIL"), true);
  });
});

describe("the end of a finished job", () => {
  const end = (state: string, reason: string, exit: string, cancelledBy?: NodeJS.Signals, stderr = "") => jobEnd(parseJobRecords(line("5", "0", state, reason, exit))[0]!, cancelledBy, stderr);

  test("a normal exit is the task's own exit code, without an engine reason", () => {
    assert.deepEqual(end("COMPLETED", "None", "0:0"), { code: 0, signal: null });
    assert.deepEqual(end("FAILED", "NonZeroExitCode", "3:0"), { code: 3, signal: null });
  });

  test("a signal, out of memory, time limit, node failure, preemption and cancellation say so with Slurm's words", () => {
    const killed = end("FAILED", "JobLaunchFailure", "0:9");
    assert.equal(killed.signal, "SIGKILL");
    assert.match(killed.reason ?? "", /killed by SIGKILL \(Slurm job 191_0: FAILED, JobLaunchFailure\)/);
    assert.match(end("FAILED", "JobLaunchFailure", "0:9", undefined, "slurmstepd: error: Exceeded job memory limit").reason ?? "", /out of memory .*exceeded its memory limit/);
    assert.match(end("OUT_OF_MEMORY", "OutOfMemory", "0:125").reason ?? "", /out of memory \(Slurm job 191_0: OUT_OF_MEMORY, OutOfMemory\)/);
    assert.match(end("TIMEOUT", "TimeLimit", "0:15").reason ?? "", /time limit \(Slurm job 191_0: TIMEOUT, TimeLimit\)/);
    assert.match(end("NODE_FAIL", "NodeDown", "0:0").reason ?? "", /node failure \(Slurm job 191_0: NODE_FAIL, NodeDown\)/);
    assert.match(end("PREEMPTED", "None", "0:15").reason ?? "", /preempted \(Slurm job 191_0: PREEMPTED\)/);
    assert.match(end("CANCELLED", "None", "0:15", "SIGTERM").reason ?? "", /cancelled by the run/);
    assert.match(end("CANCELLED", "None", "0:15").reason ?? "", /cancelled outside the run/);
    for (const state of ["TIMEOUT", "NODE_FAIL", "PREEMPTED", "CANCELLED", "OUT_OF_MEMORY"]) assert.equal(end(state, "None", "0:15").code, null, state);
  });
});

describe("sbatch options of a step", () => {
  const opts = (attributes: Record<string, unknown>, resources = {}, env: NodeJS.ProcessEnv = {}, timeoutMs?: number) =>
    sbatchOptions({ step: "train", attributes, resources, ...(timeoutMs === undefined ? {} : { timeoutMs }) }, env);

  test("partition, account, qos, time, cpus, memory (MB) and GPUs", () => {
    assert.deepEqual(opts({ partition: "gpu", account: "ml", qos: "high", time: "1:30:00" }, { cpu: 1.5, memory: 4096, gpu: 2 }), [
      "--partition=gpu",
      "--account=ml",
      "--qos=high",
      "--time=1:30:00",
      "--cpus-per-task=2",
      "--mem=4096M",
      "--gres=gpu:2",
    ]);
  });

  test("METAFLOW_SLURM_PARTITION is the default partition; @timeout gives Slurm a limit in whole minutes", () => {
    assert.deepEqual(opts({}, {}, { METAFLOW_SLURM_PARTITION: "batch" }, 90_000), ["--partition=batch", "--time=3"]);
    assert.deepEqual(opts({ partition: "own" }, {}, { METAFLOW_SLURM_PARTITION: "batch" }), ["--partition=own"]);
  });

  test("malformed values are errors that say what is expected", () => {
    assert.throws(() => opts({ time: "soon" }), (e: unknown) => e instanceof MetaflowError && /@slurm\(time\) on step train/.test(e.message));
    assert.throws(() => opts({ account: "a b" }), /@slurm\(account\)/);
    assert.throws(() => opts({ partition: "x y" }), /@slurm\(partition\)/);
  });
});

describe("array job script", () => {
  test("element i runs the i-th command, with every argument quoted exactly", () => {
    const commands = [
      ["printf", "%s|", "plain", "it's", "a b", "$HOME", "`x`", ""],
      ["printf", "%s|", "second"],
    ];
    const script = arrayJobScript(commands);
    const run = (i: number) => execFileSync("sh", ["-c", script], { env: { PATH: process.env.PATH, SLURM_ARRAY_TASK_ID: String(i) }, encoding: "utf8" });
    assert.equal(run(0), "plain|it's|a b|$HOME|`x`||");
    assert.equal(run(1), "second|");
    assert.throws(() => run(2), /no task for array element 2/);
    assert.equal(shellQuote("/usr/bin/node"), "/usr/bin/node");
  });
});
