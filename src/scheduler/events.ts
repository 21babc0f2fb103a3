/**
 * Run events: what the scheduler reports while a run progresses. Listeners (the console
 * printer, the Runner's live events) turn them into output; the scheduler never prints.
 * @module
 */
import type { SerializedError } from "../protocol/task-records.js";

/** Identifies one attempt of one task. */
export interface TaskRef {
  readonly flowName: string;
  readonly runId: string;
  readonly step: string;
  readonly taskId: string;
  readonly attempt: number;
  readonly pid?: number;
  /** Where a remote task runs (e.g. `slurm job 42`), shown instead of the pid. */
  readonly label?: string;
}

/** Everything a run reports. */
export type RunEvent =
  | { readonly type: "run:start"; readonly flowName: string; readonly runId: string; readonly originRunId?: string }
  /** A task is ready to run and waits for a worker (progress displays count these as queued). */
  | { readonly type: "task:queued"; readonly flowName: string; readonly runId: string; readonly step: string; readonly taskId: string }
  | { readonly type: "task:start"; readonly task: TaskRef }
  | { readonly type: "task:log"; readonly task: TaskRef; readonly stream: "stdout" | "stderr"; readonly line: string }
  | {
      readonly type: "task:end";
      readonly task: TaskRef;
      readonly status: "ok" | "failed";
      /** Set when the scheduler will run the task again. */
      readonly retryInSeconds?: number;
      readonly error?: SerializedError;
      /** Why the process ended, when it did not exit normally (signal or exit code). */
      readonly exit?: string;
    }
  /** Resume reused the results of an origin task instead of running it. */
  | { readonly type: "task:reused"; readonly task: TaskRef; readonly origin: string }
  | { readonly type: "run:message"; readonly message: string }
  | {
      readonly type: "run:end";
      readonly flowName: string;
      readonly runId: string;
      readonly status: "succeeded" | "failed";
      readonly failedTask?: string;
      readonly reason?: string;
    };

/** Receives run events. */
export type RunListener = (event: RunEvent) => void;
