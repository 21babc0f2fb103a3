/**
 * Client Task: one task of a run (by default its latest attempt), read from the datastore.
 * @module
 */
import { NotFoundError } from "../errors.js";
import { readRunEnvironments } from "../datastore/run-environments.js";
import type { StepEnvironment } from "../protocol/environment.js";
import type { AttemptRecord, SerializedError } from "../protocol/task-records.js";
import type { ForeachFrame } from "../protocol/task-spec.js";
import { loadCards, type Card } from "./card.js";
import { clientContext, splitPathspec } from "./client-context.js";
import { assertInNamespace } from "./namespace.js";
import { readAttemptHistory, type AttemptSummary } from "./task-attempts.js";
import { loadTaskState, type TaskState } from "./task-loader.js";
import { childTasksOf, parentTasksOf } from "./task-navigation.js";

/** Metadata of an artifact, read without loading its value. */
export interface ArtifactInfo {
  readonly name: string;
  /** Size of the stored (encoded) bytes. */
  readonly size: number;
  /** Content hash (sha256) of the stored bytes: equal hashes, equal values. */
  readonly sha: string;
  /** A short description of the value's type (`string`, `Array`, `Map`...). */
  readonly type: string;
  /** Serializer of the bytes (`v8`, `bytes`). */
  readonly encoding: string;
}

/** Which attempt to read logs of. */
export interface LogOptions {
  /** Attempt number (0 = first). @default the attempt this Task shows (the latest) */
  readonly attempt?: number;
}

/** A task: its artifacts, logs, status and neighbours. Shows one attempt: the latest, unless asked. */
export class Task {
  private attemptRecord: AttemptRecord | undefined;

  /** @internal */
  constructor(private readonly state: TaskState) {
    this.attemptRecord = state.record;
  }

  /**
   * Loads a task by pathspec `Flow/run/step/task`; it must be in the current namespace.
   * `attempt` selects an attempt other than the latest.
   */
  static async get(pathspec: string, options: { readonly attempt?: number } = {}): Promise<Task> {
    const [flow, run, step, task] = splitPathspec(pathspec, 4, "Flow/run/step/task") as [string, string, string, string];
    const ctx = clientContext();
    const record = await ctx.metadata.getRun(flow, run);
    if (record === undefined) throw new NotFoundError(`Run ${flow}/${run} does not exist in ${ctx.root}.`);
    assertInNamespace(`Task ${pathspec}`, record);
    return new Task(await loadTaskState(flow, run, step, task, ctx.root, options.attempt));
  }

  /** The task id. */
  get id(): string {
    return this.state.taskId;
  }
  /** `Flow/run/step/task` */
  get pathspec(): string {
    return this.state.ds.pathspec;
  }
  get flowName(): string {
    return this.state.flowName;
  }
  get runId(): string {
    return this.state.runId;
  }
  get stepName(): string {
    return this.state.stepName;
  }
  /** The attempt this object shows (0 = first). */
  get attempt(): number {
    return this.state.ds.attempt;
  }
  /** How many attempts started (1 + retries). */
  get attempts(): number {
    return this.state.attemptNumbers.length;
  }
  /** Whether the attempt succeeded (a failure caught by `@catchError` counts as success). */
  get successful(): boolean {
    return this.state.done?.status === "ok";
  }
  /** Whether the attempt ended, successfully or not (false while it runs, or if it was killed). */
  get finished(): boolean {
    return this.state.done !== undefined;
  }
  /** When the attempt ended. */
  get finishedAt(): Date | undefined {
    return this.state.done === undefined ? undefined : new Date(this.state.done.finishedAt);
  }
  /** The exception of a failed attempt. */
  get exception(): SerializedError | undefined {
    return this.state.done?.status === "failed" ? this.state.done.error : undefined;
  }
  /** For a task reused by `resume`: pathspec (`Flow/run/step/task`) of the task whose results it reuses. */
  get origin(): string | undefined {
    const done = this.state.done;
    return (done?.status === "ok" ? done.origin : undefined) ?? this.state.record?.origin;
  }
  /** The enclosing foreach frames, outermost first. */
  get foreachStack(): readonly ForeachFrame[] {
    return this.state.done?.foreachStack ?? this.state.record?.foreachStack ?? [];
  }
  /** Index in the innermost foreach (undefined outside a foreach). */
  get index(): number | undefined {
    return this.foreachStack[this.foreachStack.length - 1]?.index;
  }

  /** Names, sizes, hashes and types of the artifacts, without loading any value. */
  artifacts(): ArtifactInfo[] {
    return Object.entries(this.state.index).map(([name, r]) => ({ name, size: r.size, sha: r.sha, type: r.type, encoding: r.encoding }));
  }

  /** Whether the task has an artifact named `name`. */
  hasArtifact(name: string): boolean {
    return Object.hasOwn(this.state.index, name);
  }

  /** The value of one artifact (only its bytes are read). */
  async artifact(name: string): Promise<unknown> {
    const ref = this.state.index[name];
    if (ref === undefined || !Object.hasOwn(this.state.index, name)) {
      throw new NotFoundError(`Task ${this.pathspec} has no artifact '${name}'. Its artifacts: ${Object.keys(this.state.index).sort().join(", ") || "(none)"}.`);
    }
    const local = this.state.ds.loadArtifactSync(name, ref); // fast path for local storage
    return local !== undefined ? local.value : this.state.ds.loadArtifact(name, ref);
  }

  /**
   * The environment the task's step ran in (`@npm` / `@npmBase`): the packages requested, their
   * resolved versions and the whole installed tree; undefined when the step declares none.
   */
  async environment(): Promise<StepEnvironment | undefined> {
    const envs = await readRunEnvironments(clientContext(this.state.root).flow(this.flowName).storage, this.flowName, this.runId);
    return envs?.steps[this.stepName];
  }

  /** All artifacts as a plain object (every value is read). */
  async data(): Promise<Record<string, unknown>> {
    const entries = await Promise.all(Object.entries(this.state.index).map(async ([name, ref]) => [name, await this.state.ds.loadArtifact(name, ref)] as const));
    return Object.fromEntries(entries);
  }

  /** What the attempt printed to stdout ("" when nothing); for a task reused by resume, its origin's. */
  stdout(options: LogOptions = {}): Promise<string> {
    return this.log("stdout", options);
  }

  /** What the attempt printed to stderr ("" when nothing). */
  stderr(options: LogOptions = {}): Promise<string> {
    return this.log("stderr", options);
  }

  /**
   * The task's cards (of the attempt shown), each with its id, type and HTML, in the order of the
   * step's `@card` decorators; [] when it has none. While the task runs: the cards refreshed so far.
   * A task reused by resume shows its origin's cards.
   */
  async cards(): Promise<Card[]> {
    const own = await loadCards(this.state.ds);
    if (own.length > 0 || this.origin === undefined) return own;
    const [flow, run, step, task] = this.origin.split("/") as [string, string, string, string];
    const ds = await clientContext(this.state.root).flow(flow).latestDoneAttempt(run, step, task);
    return ds === undefined ? [] : loadCards(ds);
  }

  /** Pathspecs (`Flow/run/step/task`) of the tasks this one took its inputs from. */
  async parentPathspecs(): Promise<string[]> {
    const record = await this.startRecord();
    return record.inputPaths.filter((p) => !p.includes("/_parameters/")).map((p) => `${this.flowName}/${p}`);
  }

  /** The tasks this one took its inputs from (none for `start`). */
  async parentTasks(): Promise<Task[]> {
    return parentTasksOf(await this.parentPathspecs(), this.state.root);
  }

  /** The tasks that took this one as an input (none for `end`, or while they have not started). */
  async childTasks(): Promise<Task[]> {
    return childTasksOf(this, this.state.root);
  }

  /** When the attempt shown started (reads its start record on first use). */
  async startedAt(): Promise<Date | undefined> {
    const record = await this.startRecord().catch(() => undefined);
    return record === undefined ? undefined : new Date(record.startedAt);
  }

  /** Every attempt of the task, oldest first: status, start and end times, and the error of a failed one. */
  attemptHistory(): Promise<AttemptSummary[]> {
    return readAttemptHistory(this.state, this.attemptRecord);
  }

  /** @internal The attempt's start record (read on first use). */
  async startRecord(): Promise<AttemptRecord> {
    this.attemptRecord ??= await this.state.ds.readAttempt();
    if (this.attemptRecord === undefined) throw new NotFoundError(`Task ${this.pathspec} has no start record for attempt ${this.attempt}.`);
    return this.attemptRecord;
  }

  /** A reused task ran nothing: its logs are those of the origin task's successful attempt. */
  private async originLog(origin: string, stream: "stdout" | "stderr"): Promise<string> {
    const [flow, run, step, task] = origin.split("/") as [string, string, string, string];
    const ds = await clientContext(this.state.root).flow(flow).latestDoneAttempt(run, step, task);
    return ds === undefined ? "" : ds.readLog(stream);
  }

  private async log(stream: "stdout" | "stderr", options: LogOptions): Promise<string> {
    const attempt = options.attempt ?? this.attempt;
    if (attempt === this.attempt) {
      const text = await this.state.ds.readLog(stream);
      return text === "" && this.origin !== undefined ? this.originLog(this.origin, stream) : text;
    }
    if (!this.state.attemptNumbers.includes(attempt)) {
      throw new NotFoundError(`Task ${this.pathspec} has no attempt ${attempt}; its attempts: ${this.state.attemptNumbers.join(", ")}.`);
    }
    return clientContext(this.state.root).flow(this.flowName).task(this.runId, this.stepName, this.id, attempt).readLog(stream);
  }
}

/** @internal Loads a task (latest attempt unless `attempt`) without a namespace check; `listed`: the task folder's names, when already listed. */
export async function loadTask(flow: string, run: string, step: string, taskId: string, root?: string, attempt?: number, listed?: readonly string[]): Promise<Task> {
  return new Task(await loadTaskState(flow, run, step, taskId, root, attempt, listed));
}
