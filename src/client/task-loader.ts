/**
 * Reads what a client Task needs with as few storage reads as possible: one listing of the task
 * folder (attempts) and the done marker of the chosen attempt, which holds its artifact index
 * (`data.json` too for runs written by older versions; the start record only when the attempt has
 * no done marker). No artifact value is read.
 * @module
 */
import type { TaskDatastore } from "../datastore/task-datastore.js";
import { NotFoundError } from "../errors.js";
import type { ArtifactIndex, AttemptRecord, DoneRecord } from "../protocol/task-records.js";
import { clientContext } from "./client-context.js";

/** Everything read for one attempt of a task. */
export interface TaskState {
  readonly flowName: string;
  readonly runId: string;
  readonly stepName: string;
  readonly taskId: string;
  readonly root: string | undefined;
  /** Attempt numbers that started, ascending. */
  readonly attemptNumbers: readonly number[];
  /** The datastore of the attempt shown. */
  readonly ds: TaskDatastore;
  readonly done: DoneRecord | undefined;
  /** The start record; read only when there is no done marker (else loaded on demand). */
  readonly record: AttemptRecord | undefined;
  readonly index: ArtifactIndex;
}

/** Loads a task's latest attempt, or `attempt` when given; `listed` saves the listing of the task folder when the caller has it. */
export async function loadTaskState(flowName: string, runId: string, stepName: string, taskId: string, root?: string, attempt?: number, listed?: readonly string[]): Promise<TaskState> {
  const pathspec = `${flowName}/${runId}/${stepName}/${taskId}`;
  const ctx = clientContext(root);
  const fds = ctx.flow(flowName);
  const storage = fds.storage;
  // On a local disk a sync read of a small record costs a fraction of an async one: reading the
  // records of 1,000 tasks takes tens of milliseconds instead of hundreds.
  const sync = storage.listSync !== undefined && storage.readSync !== undefined;
  const names = listed ?? (sync ? (storage.listSync?.(pathspec) ?? []) : await storage.list(pathspec));
  const attemptNumbers = names
    .filter((n) => n.endsWith(".attempt.json"))
    .map((n) => Number(n.split(".")[0]))
    .sort((a, b) => a - b);
  const latest = attemptNumbers[attemptNumbers.length - 1];
  if (latest === undefined) throw new NotFoundError(`Task ${pathspec} does not exist in ${ctx.root}. Check the pathspec (Flow/run/step/task); \`metaflow-ts dump Flow/run/step\` lists a step's tasks.`);
  const chosen = attempt ?? latest;
  if (!attemptNumbers.includes(chosen)) {
    throw new NotFoundError(`Task ${pathspec} has no attempt ${chosen}; its attempts: ${attemptNumbers.join(", ")}.`);
  }
  const ds = fds.task(runId, stepName, taskId, chosen);
  const has = (suffix: string): boolean => names.includes(`${chosen}.${suffix}`);
  const read = <T>(suffix: string): T | undefined | Promise<T | undefined> => {
    if (!has(suffix)) return undefined;
    const key = `${pathspec}/${chosen}.${suffix}`;
    if (sync) {
      const bytes = storage.readSync?.(key);
      return bytes === undefined ? undefined : (JSON.parse(Buffer.from(bytes).toString("utf8")) as T);
    }
    return storage.read(key).then((b) => (b === undefined ? undefined : (JSON.parse(Buffer.from(b).toString("utf8")) as T)));
  };
  // The index is in the done record; runs written by older versions have it in `data.json`.
  const [done, oldIndex, record] = await Promise.all([read<DoneRecord>("done.json"), read<ArtifactIndex>("data.json"), has("done.json") ? undefined : read<AttemptRecord>("attempt.json")]);
  const index = (done?.status === "ok" ? done.index : undefined) ?? oldIndex ?? {};
  return { flowName, runId, stepName, taskId, root, attemptNumbers, ds, done, record, index };
}
