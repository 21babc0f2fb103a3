/**
 * TaskSpec: everything a task process needs to run one step, and its argv codec.
 * Any executor (local process, a container) starts a task from this argv the same way:
 * `metaflow-ts step <flow-file> <step> --run-id R --task-id T --input-paths ...`.
 * Pure: no fs, no processes.
 * @module
 */

/** One frame of the foreach stack: which split this task descends from and where in it. */
export interface ForeachFrame {
  /** The foreach step that split. */
  readonly step: string;
  /** Number of splits. */
  readonly count: number;
  /** This branch's index, 0-based. */
  readonly index: number;
  /** Pathspec (`run/step/task`) of the task that split. */
  readonly task: string;
  /** Name of the artifact the split iterated over. */
  readonly over: string;
}

/** The task to run. */
export interface TaskSpec {
  readonly flowName: string;
  readonly runId: string;
  readonly step: string;
  readonly taskId: string;
  readonly attempt: number;
  /** Parent tasks, as `runId/step/taskId` pathspecs. */
  readonly inputPaths: readonly string[];
  /** Set when this task is one branch of a foreach: its index in that split. */
  readonly splitIndex?: number;
  /** Root of the datastore: a local directory or a URL such as `s3://bucket/prefix` (the task opens its storage from it). */
  readonly datastoreRoot: string;
  /** Content hash of the run's code package. */
  readonly codePackage: string;
  /** Max user retries for this step (so `current` can tell the last attempt). */
  readonly maxRetries: number;
  /**
   * Set on the extra attempt the scheduler runs for a `@catchError` step whose last attempt
   * died without recording why (timed out, killed, exited): the step's code is not run; this
   * failure is handed to `@catchError` as if the step had thrown it (Metaflow's `@catch` does the same).
   */
  readonly failureToCatch?: { readonly name: string; readonly message: string };
  /**
   * Set when the code package imports from step environments (`@npm`): the id of this step's
   * environment, or `none` when the step has none (its imports then come from the project).
   */
  readonly environment?: string;
  /** Third-party plugin modules the task loads before it runs (`--plugin`, `METAFLOW_TS_PLUGINS`). */
  readonly plugins?: readonly TaskPlugin[];
}

/** A plugin module as a task gets it. */
export interface TaskPlugin {
  /** As named: an absolute path, or a package name (resolved from the task's working directory). */
  readonly module: string;
  /** The file the run loaded (absolute): the task loads it when it exists where the task runs (the same machine, a shared filesystem), else `module`. */
  readonly file?: string;
}

/** Encodes a TaskSpec as argv (after `step <flow-file> <step>`). */
export function encodeTaskSpec(spec: TaskSpec): string[] {
  const argv = [
    "--flow-name", spec.flowName,
    "--run-id", spec.runId,
    "--task-id", spec.taskId,
    "--attempt", String(spec.attempt),
    "--input-paths", spec.inputPaths.join(","),
    "--datastore-root", spec.datastoreRoot,
    "--code-package", spec.codePackage,
    "--max-retries", String(spec.maxRetries),
  ];
  if (spec.splitIndex !== undefined) argv.push("--split-index", String(spec.splitIndex));
  if (spec.failureToCatch !== undefined) argv.push("--failure-to-catch", JSON.stringify(spec.failureToCatch));
  if (spec.environment !== undefined) argv.push("--environment", spec.environment);
  if (spec.plugins !== undefined && spec.plugins.length > 0) argv.push("--plugins", JSON.stringify(spec.plugins));
  return argv;
}

/**
 * The task command's arguments after its executable: `step <flow-file> <step> ...encodeTaskSpec(spec)`.
 * The one place a TaskSpec becomes a command: the local backend runs it after `node <task entry>`,
 * Slurm jobs the same, a Kubernetes container after the image's `metaflow-ts`. Every field of the
 * spec (the step's environment, a failure for `@catchError`, ...) reaches every backend through it.
 */
export function taskStepArgs(flowFile: string, spec: TaskSpec): string[] {
  return ["step", flowFile, spec.step, ...encodeTaskSpec(spec)];
}

/** Decodes argv produced by {@link encodeTaskSpec}; `step` comes from the positional argument. */
export function decodeTaskSpec(step: string, argv: readonly string[]): TaskSpec {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const value = argv[i + 1];
    if (key === undefined || !key.startsWith("--") || value === undefined) {
      throw new Error(`Malformed task argv near ${JSON.stringify(key)}`);
    }
    values.set(key.slice(2), value);
  }
  const need = (k: string): string => {
    const v = values.get(k);
    if (v === undefined) throw new Error(`Task argv is missing --${k}`);
    return v;
  };
  const whole = (k: string): number => {
    const n = Number(need(k));
    if (!Number.isInteger(n) || n < 0) throw new Error(`Task argv --${k} must be a whole number ≥ 0`);
    return n;
  };
  const inputPaths = need("input-paths");
  const split = values.get("split-index");
  const environment = values.get("environment");
  const base = {
    flowName: need("flow-name"),
    runId: need("run-id"),
    step,
    taskId: need("task-id"),
    attempt: whole("attempt"),
    inputPaths: inputPaths === "" ? [] : inputPaths.split(","),
    datastoreRoot: need("datastore-root"),
    codePackage: need("code-package"),
    maxRetries: whole("max-retries"),
  };
  const caught = values.get("failure-to-catch");
  const plugins = values.get("plugins");
  return {
    ...base,
    ...(split === undefined ? {} : { splitIndex: whole("split-index") }),
    ...(caught === undefined ? {} : { failureToCatch: decodeFailure(caught) }),
    ...(environment === undefined ? {} : { environment }),
    ...(plugins === undefined ? {} : { plugins: decodePlugins(plugins) }),
  };
}

function decodePlugins(text: string): TaskPlugin[] {
  const v = JSON.parse(text) as unknown;
  const ok = (p: unknown): p is TaskPlugin => {
    const o = p as { module?: unknown; file?: unknown } | null;
    return typeof o === "object" && o !== null && typeof o.module === "string" && (o.file === undefined || typeof o.file === "string");
  };
  if (!Array.isArray(v) || !v.every(ok)) throw new Error("Task argv --plugins must be a JSON array of {module, file?}");
  return v;
}

function decodeFailure(text: string): { name: string; message: string } {
  const v = JSON.parse(text) as { name?: unknown; message?: unknown };
  if (typeof v.name !== "string" || typeof v.message !== "string") throw new Error("Task argv --failure-to-catch must be {name, message}");
  return { name: v.name, message: v.message };
}
