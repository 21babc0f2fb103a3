/**
 * The `local` compute backend: each task in a warm worker thread of this process (fast) or in a
 * child process of its own (full isolation; always for steps with a time limit, which must be able
 * to kill whatever the step started). The default for every step without a remote backend.
 * @module
 */
import type { ComputeBackend, ComputeHandle, ComputeTask } from "../protocol/compute.js";
import { launchTask, type Isolation } from "./launcher.js";
import { ThreadPool } from "./thread-pool.js";

/** What the local backend needs to know about the run. */
export interface LocalBackendOptions {
  readonly isolation: Isolation;
  /** Warm threads kept ready (the run's worker count). */
  readonly maxWorkers: number;
  readonly codePath: string;
  readonly flowFile: string;
  readonly env: NodeJS.ProcessEnv;
  /** Whether warm threads may load the code package ahead of a task (not when it depends on the task's step environment). @default true */
  readonly preload?: boolean;
}

/** Opens the local backend for one run. */
export function openLocalBackend(o: LocalBackendOptions): ComputeBackend {
  let threads: ThreadPool | undefined;
  const pool = (): ThreadPool => (threads ??= new ThreadPool(o.maxWorkers, o.codePath, o.flowFile, o.env, o.preload ?? true));
  return {
    submit(task: ComputeTask): ComputeHandle {
      const isolation: Isolation = task.timeoutMs === undefined ? o.isolation : "process";
      const handle = launchTask(isolation === "thread" ? pool() : undefined, task.flowFile, task.spec, task.env, task.onLine);
      return {
        ...(handle.pid === undefined ? {} : { pid: handle.pid }),
        // A time limit counts from when the task process starts its step's code, not from Node's start-up.
        ...(handle.stepStarted === undefined ? {} : { running: handle.stepStarted }),
        exited: handle.exited,
        cancel: (signal) => handle.kill(signal as NodeJS.Signals | undefined),
      };
    },
    close: async () => threads?.close(),
  };
}
