/**
 * The Slurm backend of one run. Tasks submitted together (a foreach fanning out, a branch) go to
 * Slurm as one job array per step; each element runs the task command on a node that shares this
 * machine's filesystem. Their stdout/stderr files are followed while they run, their state is read
 * with `scontrol`, and cancelling is `scancel` (batched too).
 * @module
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import type { ComputeBackend, ComputeExit, ComputeHandle, ComputeTask } from "../../../public/plugin.js";
import { FileTail } from "./file-tail.js";
import { arrayJobScript } from "./job-script.js";
import { isTerminal, jobEnd, parseJobRecords, type SlurmJobRecord } from "./job-status.js";
import { startOrphanWatchdog, watchdogEntry } from "../orphan-watchdog.js";
import { pollLoop } from "../poll-loop.js";
import { slurmCommand, SlurmCommandError } from "./slurm-command.js";
import { sbatchOptions } from "./slurm-options.js";

/** How often job files are read and job states polled. */
const pollMs = 500;
/** How long submissions are gathered into one array. */
const gatherMs = 20;

interface Job {
  readonly task: ComputeTask;
  /** `<array job id>_<index>` once submitted. */
  id?: string;
  out?: FileTail;
  err?: FileTail;
  cancelledBy?: NodeJS.Signals;
  ended: boolean;
  readonly resolve: (exit: ComputeExit) => void;
  readonly accepted: (label: string | undefined) => void;
  readonly started: () => void;
}

/** What the backend needs besides the tasks. */
export interface SlurmBackendOptions {
  readonly flowName: string;
  /** Where job output files go (a directory every node writes to). */
  readonly logDir: string;
  readonly cwd: string;
  /** Environment of the Slurm commands and (with METAFLOW_TS_COMPUTE=slurm) of the jobs. */
  readonly env: NodeJS.ProcessEnv;
}

/** Opens the Slurm backend of a run. */
export function openSlurmBackend(o: SlurmBackendOptions): ComputeBackend {
  const gathering: Job[] = [];
  const active = new Set<Job>();
  const toCancel = new Set<string>();
  const submissions = new Set<Promise<void>>();
  let gatherTimer: NodeJS.Timeout | undefined;
  // Cancels the run's jobs if this process dies without closing the backend (e.g. SIGKILL).
  const watchdog = startOrphanWatchdog(watchdogEntry(import.meta.url, "slurm-watchdog"), o.env);

  const submitBatch = async (jobs: readonly Job[]): Promise<void> => {
    const first = jobs[0] as Job;
    const env: NodeJS.ProcessEnv = { ...o.env, ...first.task.env, METAFLOW_TS_COMPUTE: "slurm" };
    const name = `metaflow-${o.flowName}-${first.task.spec.runId}-${first.task.spec.step}`;
    try {
      const options = sbatchOptions({ step: first.task.spec.step, attributes: first.task.attributes, resources: first.task.resources, ...(first.task.timeoutMs === undefined ? {} : { timeoutMs: first.task.timeoutMs }) }, env);
      const commands = jobs.map((j) => {
        const [node, ...rest] = j.task.command;
        return [env.METAFLOW_SLURM_NODE || (node as string), ...rest];
      });
      const args = [
        "--parsable",
        `--array=0-${jobs.length - 1}`,
        `--job-name=${name}`,
        `--output=${path.join(o.logDir, "%A_%a.out")}`,
        `--error=${path.join(o.logDir, "%A_%a.err")}`,
        `--chdir=${o.cwd}`,
        // A job that fails is retried by @retry as a new job, never silently requeued by Slurm.
        "--no-requeue",
        ...options,
      ];
      await fs.mkdir(o.logDir, { recursive: true });
      watchdog.add(name);
      const { stdout } = await slurmCommand("sbatch", args, env, arrayJobScript(commands));
      const arrayId = stdout.trim().split(";")[0] as string;
      jobs.forEach((j, i) => {
        j.id = `${arrayId}_${i}`;
        j.out = new FileTail(path.join(o.logDir, `${j.id}.out`), (line) => j.task.onLine("stdout", line));
        j.err = new FileTail(path.join(o.logDir, `${j.id}.err`), (line) => j.task.onLine("stderr", line));
        active.add(j);
        j.accepted(`slurm job ${j.id}`);
        if (j.cancelledBy !== undefined) requestCancel(j.id);
      });
      polls.schedule();
    } catch (e) {
      const why = e instanceof SlurmCommandError ? e.stderr.trim() : (e as Error)?.message ?? String(e);
      for (const j of jobs) {
        j.ended = true;
        j.accepted(undefined);
        j.resolve({ code: null, signal: null, reason: `was refused by Slurm (sbatch: ${why})`, stdout: Buffer.alloc(0), stderr: Buffer.from(`sbatch: ${why}\n`) });
      }
    }
  };

  const flushGathered = (): void => {
    gatherTimer = undefined;
    const byStep = new Map<string, Job[]>();
    for (const j of gathering.splice(0)) {
      if (j.cancelledBy !== undefined) {
        j.ended = true;
        j.accepted(undefined);
        j.resolve({ code: null, signal: j.cancelledBy, reason: "was cancelled before it was submitted", stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) });
        continue;
      }
      const list = byStep.get(j.task.spec.step) ?? [];
      list.push(j);
      byStep.set(j.task.spec.step, list);
    }
    for (const jobs of byStep.values()) {
      const p = submitBatch(jobs).finally(() => submissions.delete(p));
      submissions.add(p);
    }
  };

  const requestCancel = (id: string): void => {
    toCancel.add(id);
    setImmediate(() => {
      if (toCancel.size === 0) return;
      const ids = [...toCancel];
      toCancel.clear();
      // Failures are ignored: a job that already ended cannot be cancelled, and the poller sees the end.
      slurmCommand("scancel", ids, o.env).catch(() => undefined);
    });
  };

  const finish = async (j: Job, record: SlurmJobRecord | undefined): Promise<void> => {
    j.ended = true;
    active.delete(j);
    const [stdout, stderr] = await Promise.all([(j.out as FileTail).finish(), (j.err as FileTail).finish()]);
    const end = record === undefined ? { code: null, signal: null, reason: `was lost: Slurm no longer knows job ${j.id}` } : jobEnd(record, j.cancelledBy, stderr.toString("utf8"));
    await Promise.all([fs.rm((j.out as FileTail).file, { force: true }), fs.rm((j.err as FileTail).file, { force: true })]);
    j.resolve({ ...end, stdout, stderr });
  };

  const poll = async (): Promise<void> => {
    const jobs = [...active];
    await Promise.all(jobs.flatMap((j) => [j.out?.poll(), j.err?.poll()]));
    const arrays = new Map<string, Job[]>();
    for (const j of jobs) {
      const arrayId = (j.id as string).split("_")[0] as string;
      arrays.set(arrayId, [...(arrays.get(arrayId) ?? []), j]);
    }
    await Promise.all(
      [...arrays].map(async ([arrayId, members]) => {
        let records: SlurmJobRecord[];
        try {
          records = parseJobRecords((await slurmCommand("scontrol", ["show", "job", "-o", arrayId], o.env)).stdout);
        } catch (e) {
          if (e instanceof SlurmCommandError && /invalid job id/i.test(e.stderr)) records = [];
          else return; // the controller is busy or briefly unreachable: try again next time
        }
        for (const j of members) {
          const record = records.find((r) => r.id === j.id);
          if (record !== undefined && record.state !== "PENDING") j.started();
          if (record !== undefined && isTerminal(record.state)) await finish(j, record);
          else if (records.length === 0) await finish(j, undefined);
        }
      }),
    );
  };

  const polls = pollLoop(poll, () => active.size === 0, pollMs);

  return {
    submit(task: ComputeTask): ComputeHandle {
      let resolve!: (exit: ComputeExit) => void;
      let accepted!: (label: string | undefined) => void;
      const exited = new Promise<ComputeExit>((r) => (resolve = r));
      const submitted = new Promise<string | undefined>((r) => (accepted = r));
      let started!: () => void;
      const running = new Promise<void>((r) => (started = r));
      const job: Job = { task, ended: false, resolve, accepted, started };
      gathering.push(job);
      gatherTimer ??= setTimeout(flushGathered, gatherMs);
      return {
        submitted,
        running,
        exited,
        cancel: (signal = "SIGTERM") => {
          if (job.ended) return;
          job.cancelledBy ??= signal as NodeJS.Signals;
          if (job.id !== undefined) requestCancel(job.id);
        },
      };
    },
    async close(): Promise<void> {
      if (gatherTimer !== undefined) {
        clearTimeout(gatherTimer);
        flushGathered();
      }
      await Promise.all(submissions);
      polls.stop();
      // Nothing of the run may stay queued or running.
      const left = [...active].map((j) => j.id as string);
      if (left.length > 0) await slurmCommand("scancel", left, o.env).catch(() => undefined);
      watchdog.close();
      await fs.rm(o.logDir, { recursive: true, force: true });
    },
  };
}
