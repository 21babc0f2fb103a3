/**
 * Client Task: one task of a run, read from the datastore.
 * @module
 */
import type { TaskDatastore } from "../datastore/task-datastore.js";
import { NotFoundError } from "../errors.js";
import type { ArtifactIndex, DoneRecord, SerializedError } from "../protocol/task-records.js";
import type { ForeachFrame } from "../protocol/task-spec.js";
import { clientContext, splitPathspec } from "./client-context.js";

/** Metadata of an artifact, read without loading its value. */
export interface ArtifactInfo {
  readonly name: string;
  readonly size: number;
  readonly sha: string;
  readonly type: string;
  readonly encoding: string;
}

/** A task: its artifacts, logs and status (of its latest attempt). */
export class Task {
  /** @internal */
  constructor(
    /** `Flow/run/step/task` */
    readonly pathspec: string,
    private readonly ds: TaskDatastore,
    private readonly done: DoneRecord | undefined,
    private readonly artifactIndex: ArtifactIndex,
    /** Attempts that started (1 + retries). */
    readonly attempts: number,
  ) {}

  /** Loads a task by pathspec `Flow/run/step/task`. */
  static async get(pathspec: string): Promise<Task> {
    const [flow, run, step, task] = splitPathspec(pathspec, 4, "Flow/run/step/task");
    return loadTask(flow as string, run as string, step as string, task as string);
  }

  get id(): string {
    return this.ds.taskId;
  }

  /** Whether the latest attempt succeeded. */
  get successful(): boolean {
    return this.done?.status === "ok";
  }

  /** Whether the latest attempt ended (successfully or not). */
  get finished(): boolean {
    return this.done !== undefined;
  }

  /** The exception of a failed task. */
  get exception(): SerializedError | undefined {
    return this.done?.status === "failed" ? this.done.error : undefined;
  }

  /** The enclosing foreach frames, outermost first. */
  get foreachStack(): readonly ForeachFrame[] {
    return this.done?.foreachStack ?? [];
  }

  /** Index in the innermost foreach (undefined outside a foreach). */
  get index(): number | undefined {
    const stack = this.foreachStack;
    return stack[stack.length - 1]?.index;
  }

  /** Names, sizes, hashes and types of the artifacts, without loading values. */
  artifacts(): ArtifactInfo[] {
    return Object.entries(this.artifactIndex).map(([name, r]) => ({ name, size: r.size, sha: r.sha, type: r.type, encoding: r.encoding }));
  }

  /** The value of one artifact. */
  async artifact(name: string): Promise<unknown> {
    const ref = this.artifactIndex[name];
    if (ref === undefined) {
      throw new NotFoundError(`Task ${this.pathspec} has no artifact '${name}'. Its artifacts: ${Object.keys(this.artifactIndex).sort().join(", ") || "(none)"}.`);
    }
    return this.ds.loadArtifact(name, ref);
  }

  /** All artifacts as a plain object. */
  async data(): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const [name, ref] of Object.entries(this.artifactIndex)) out[name] = await this.ds.loadArtifact(name, ref);
    return out;
  }

  /** What the task printed to stdout. */
  stdout(): Promise<string> {
    return this.ds.readLog("stdout");
  }

  /** What the task printed to stderr. */
  stderr(): Promise<string> {
    return this.ds.readLog("stderr");
  }
}

/** @internal Loads the latest attempt of a task. */
export async function loadTask(flow: string, run: string, step: string, taskId: string, root?: string): Promise<Task> {
  const fds = clientContext(root).flow(flow);
  const attempts = await fds.listAttempts(run, step, taskId);
  const latest = attempts[attempts.length - 1];
  if (latest === undefined) throw new NotFoundError(`Task ${flow}/${run}/${step}/${taskId} does not exist.`);
  const ds = fds.task(run, step, taskId, latest);
  const [done, index] = await Promise.all([ds.readDone(), ds.readArtifactIndex()]);
  return new Task(`${flow}/${run}/${step}/${taskId}`, ds, done, index, attempts.length);
}
