/**
 * Reading Slurm's view of a job (`scontrol show job -o`) and turning a finished job into the
 * end of a task: its exit code or signal, and the engine's reason when the end was abnormal
 * (time limit, out of memory, node failure, preemption, cancellation). Pure.
 * @module
 */
import { constants } from "node:os";

/** One array element (or a still-pending range of elements) as Slurm reports it. */
export interface SlurmJobRecord {
  /** `<array job id>_<index>`; a pending range keeps its range text (`6_[3-9]`). */
  readonly id: string;
  readonly state: string;
  readonly reason: string;
  /** `ExitCode=code:signal`. */
  readonly exitCode: number;
  readonly exitSignal: number;
}

const field = (line: string, key: string): string | undefined => new RegExp(`(?:^|\\s)${key}=(\\S*)`).exec(line)?.[1];

/** Parses `scontrol show job -o` output (one job per line). */
export function parseJobRecords(text: string): SlurmJobRecord[] {
  const out: SlurmJobRecord[] = [];
  for (const line of text.split("\n")) {
    const jobId = field(line, "JobId");
    if (jobId === undefined) continue;
    const arrayJob = field(line, "ArrayJobId");
    const arrayTask = field(line, "ArrayTaskId");
    const [code, signal] = (field(line, "ExitCode") ?? "0:0").split(":").map(Number);
    out.push({
      id: arrayJob !== undefined && arrayTask !== undefined ? `${arrayJob}_${arrayTask}` : jobId,
      state: (field(line, "JobState") ?? "UNKNOWN").toUpperCase(),
      reason: field(line, "Reason") ?? "None",
      exitCode: Number.isFinite(code) ? (code as number) : 0,
      exitSignal: Number.isFinite(signal) ? (signal as number) : 0,
    });
  }
  return out;
}

const terminal = new Set(["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "SPECIAL_EXIT", "REVOKED"]);

/** Whether Slurm is done with the job (it will not run again). */
export function isTerminal(state: string): boolean {
  return terminal.has(state);
}

/** How a finished job ended, as the scheduler reads it. */
export interface SlurmJobEnd {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly reason?: string;
}

/**
 * The end of a finished job. `cancelledBy` is the signal the run cancelled it with, if it did;
 * `stderr` is the job's stderr (slurmstepd writes memory-limit kills there).
 */
export function jobEnd(job: SlurmJobRecord, cancelledBy: NodeJS.Signals | undefined, stderr: string): SlurmJobEnd {
  const signal = signalName(job.exitSignal);
  const engine = `Slurm job ${job.id}: ${job.state}${job.reason !== "None" && job.reason !== "" ? `, ${job.reason}` : ""}`;
  switch (job.state) {
    case "COMPLETED":
      return { code: job.exitCode, signal: null };
    case "FAILED":
      if (/exceeded (job )?memory limit/i.test(stderr)) return { code: null, signal: signal ?? "SIGKILL", reason: `was killed: out of memory (${engine}; exceeded its memory limit)` };
      // A plain non-zero exit: the task has recorded why.
      if (signal === null && job.reason === "NonZeroExitCode") return { code: job.exitCode, signal: null };
      return { code: signal === null ? job.exitCode : null, signal, reason: signal === null ? `ended abnormally (${engine})` : `was killed by ${signal} (${engine})` };
    case "OUT_OF_MEMORY":
      return { code: null, signal: signal ?? "SIGKILL", reason: `was killed: out of memory (${engine})` };
    case "TIMEOUT":
      return { code: null, signal: signal ?? "SIGTERM", reason: `hit Slurm's time limit (${engine})` };
    case "NODE_FAIL":
      return { code: null, signal, reason: `was lost: node failure (${engine})` };
    case "PREEMPTED":
      return { code: null, signal, reason: `was preempted (${engine})` };
    case "CANCELLED":
      return cancelledBy !== undefined
        ? { code: null, signal: cancelledBy, reason: `was cancelled by the run (${engine})` }
        : { code: null, signal, reason: `was cancelled outside the run (${engine}; e.g. scancel by a user or an administrator)` };
    default:
      return { code: null, signal, reason: `ended abnormally (${engine})` };
  }
}

function signalName(n: number): NodeJS.Signals | null {
  if (n === 0) return null;
  for (const [name, value] of Object.entries(constants.signals)) if (value === n) return name as NodeJS.Signals;
  return null;
}
