/**
 * The history of a task's attempts (when each started and ended, and how), for timelines.
 * Reads the start and done records of every attempt, reusing those the task already loaded.
 * @module
 */
import type { AttemptRecord, DoneRecord, SerializedError } from "../protocol/task-records.js";
import { clientContext } from "./client-context.js";
import type { TaskState } from "./task-loader.js";

/** One attempt of a task. */
export interface AttemptSummary {
  /** Attempt number (0 = first). */
  readonly attempt: number;
  /** `running` while the attempt has no done record (also when it was killed without one). */
  readonly status: "running" | "ok" | "failed";
  readonly startedAt?: Date;
  readonly finishedAt?: Date;
  /** The exception of a failed attempt. */
  readonly error?: SerializedError;
}

/** Reads the attempts of the task `state` describes, oldest first. */
export async function readAttemptHistory(state: TaskState, startRecord: AttemptRecord | undefined): Promise<AttemptSummary[]> {
  const storage = clientContext(state.root).flow(state.flowName).storage;
  const pathspec = `${state.flowName}/${state.runId}/${state.stepName}/${state.taskId}`;
  const readJson = async <T>(key: string): Promise<T | undefined> => {
    // On a local disk, sync reads of small records are several times cheaper (see task-loader.ts).
    const bytes = storage.readSync !== undefined ? storage.readSync(key) : await storage.read(key);
    return bytes === undefined ? undefined : (JSON.parse(Buffer.from(bytes).toString("utf8")) as T);
  };
  const shown = state.ds.attempt;
  return Promise.all(
    state.attemptNumbers.map(async (n): Promise<AttemptSummary> => {
      const [record, done] = await Promise.all([
        n === shown && startRecord !== undefined ? startRecord : readJson<AttemptRecord>(`${pathspec}/${n}.attempt.json`),
        n === shown ? state.done : readJson<DoneRecord>(`${pathspec}/${n}.done.json`),
      ]);
      return {
        attempt: n,
        status: done === undefined ? "running" : done.status,
        ...(record?.startedAt ? { startedAt: new Date(record.startedAt) } : {}),
        ...(done ? { finishedAt: new Date(done.finishedAt) } : {}),
        ...(done?.status === "failed" ? { error: done.error } : {}),
      };
    }),
  );
}
