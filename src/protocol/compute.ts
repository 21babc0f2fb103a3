/**
 * Compute backends: where a task runs. The scheduler hands each task to the backend of its
 * step (`local`, `slurm`, `kubernetes`, ...) through this interface and nothing else: submit a
 * task with its resources, receive its output line by line, learn how it ended, cancel it.
 * Types only.
 * @module
 */

/** A POSIX signal name, as Node reports it (`"SIGKILL"`, `"SIGTERM"`...). */
export type SignalName = `SIG${string}`;
import type { TaskSpec } from "./task-spec.js";

/** What a step asks for; memory and disk in MB. Each backend maps it to its engine's units. */
export interface ComputeResources {
  readonly cpu?: number;
  readonly memory?: number;
  readonly gpu?: number;
  readonly disk?: number;
}

/** Receives each line a task prints. */
export type ComputeLineListener = (stream: "stdout" | "stderr", line: string) => void;

/** One attempt of one task, as handed to a backend. */
export interface ComputeTask {
  readonly spec: TaskSpec;
  /** The flow file as the user named it (tasks get it for information). */
  readonly flowFile: string;
  /**
   * The task command as this machine runs it: `[node, <task entry>, "step", flowFile, step, ...taskArgv]`.
   * A backend whose nodes see this machine's files (e.g. a shared filesystem) can run it as is.
   */
  readonly command: readonly string[];
  /** What the step asks for: `@resources` merged with the backend decorator's values (the larger wins). */
  readonly resources: ComputeResources;
  /** Attributes of the step's backend decorator (`@slurm({...})`, `@kubernetes({...})`); empty for local. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** The step's `@timeout`, if any. The scheduler enforces it too (by cancelling); a backend may pass it to its engine. */
  readonly timeoutMs?: number;
  /** Environment of the task. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly onLine: ComputeLineListener;
}

/** How a task ended. */
export interface ComputeExit {
  /** The task process's exit code, when it exited by itself. */
  readonly code: number | null;
  /** The signal that ended it, when one did. */
  readonly signal: SignalName | null;
  /** The engine's own words for an abnormal end (e.g. `Slurm: OUT_OF_MEMORY`), shown to the user. */
  readonly reason?: string;
  /** Everything the task printed (stored as the task's logs). */
  readonly stdout: Uint8Array;
  readonly stderr: Uint8Array;
}

/** A submitted task. */
export interface ComputeHandle {
  /** Shown in the console prefix instead of `pid N` (e.g. `slurm job 42`); undefined: the pid is shown. */
  readonly label?: string;
  /**
   * For a backend that learns its label only once the engine accepted the task (a job id): settles
   * then, with the label (undefined: refused; `exited` says why). The scheduler announces the task after it.
   */
  readonly submitted?: Promise<string | undefined>;
  /** For a backend that queues tasks: settles once the task left the queue and runs; for a local task process, once its step's code starts. A `@timeout` counts from then. */
  readonly running?: Promise<void>;
  /** The local process running the task, if there is one. */
  readonly pid?: number;
  /** Settles once the task has ended and its output is complete; never rejects. */
  readonly exited: Promise<ComputeExit>;
  /** Stops the task: SIGTERM asks it to stop, SIGKILL forces it. Idempotent; a finished task ignores it. */
  cancel(signal?: SignalName): void;
}

/** A backend opened for one run. */
export interface ComputeBackend {
  /** Starts `task`; errors that concern this one task are reported through its exit, not thrown. */
  submit(task: ComputeTask): ComputeHandle;
  /** Releases what the run held (warm workers, pollers). Called once, after every task has ended. */
  close(): Promise<void>;
}

/** A step that runs on a backend, with what it asks for (given to {@link ComputeProvider.open} to check). */
export interface ComputeStep {
  readonly step: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly resources: ComputeResources;
  readonly timeoutMs?: number;
}

/** What a backend learns about the run when it is opened. */
export interface ComputeRunContext {
  readonly flowName: string;
  readonly runId: string;
  /** Where the run is stored: an absolute directory, or a URL such as `s3://bucket/prefix`. */
  readonly datastoreRoot: string;
  /** Local path of the run's code package. */
  readonly codePath: string;
  /** The flow file as the user named it. */
  readonly flowFile: string;
  readonly maxWorkers: number;
  /** Working directory of the run (tasks start there). */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The steps of this run that use this backend. */
  readonly steps: readonly ComputeStep[];
}

/**
 * A kind of compute backend, registered by the composition roots. A step uses it when it carries the
 * decorator named `name` (in its source or from `--with name`).
 */
export interface ComputeProvider {
  /** The step decorator that selects it (`slurm`, `kubernetes`). */
  readonly name: string;
  /** Checks, before any task is submitted, that the steps can run (cluster reachable, partition known, resources well-formed): throws a MetaflowError otherwise. */
  check?(ctx: Omit<ComputeRunContext, "runId" | "codePath">): Promise<void>;
  /** Opens the backend for one run. */
  open(ctx: ComputeRunContext): Promise<ComputeBackend>;
}
