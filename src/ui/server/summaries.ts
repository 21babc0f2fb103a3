/**
 * Client objects (Run, Task) as the API's JSON.
 * @module
 */
import type { Run } from "../../client/run.js";
import type { Task } from "../../client/task.js";
import type { AttemptInfo, RunSummary, StepState, TaskStatus, TaskSummary } from "../api-types.js";
import { toApiError } from "./api-error.js";

/** A run as lists show it. */
export function runSummary(run: Run): RunSummary {
  const end = run.endedAt;
  const failure = run.failure;
  return {
    flowName: run.flowName,
    runId: run.id,
    pathspec: run.pathspec,
    status: run.status,
    user: run.user,
    tags: run.tags,
    systemTags: run.systemTags,
    createdAt: run.createdAt.toISOString(),
    ...(end ? { endedAt: end.toISOString() } : {}),
    durationMs: Math.max(0, (end ?? new Date()).getTime() - run.createdAt.getTime()),
    ...(run.originRunId ? { originRunId: run.originRunId } : {}),
    ...(failure ? { failure } : {}),
  };
}

function taskStatus(task: Task): TaskStatus {
  return !task.finished ? "running" : task.successful ? "succeeded" : "failed";
}

/** A task with all its attempts (reads each attempt's start and done records). */
export async function taskSummary(task: Task): Promise<TaskSummary> {
  const base = {
    pathspec: task.pathspec,
    stepName: task.stepName,
    taskId: task.id,
    status: taskStatus(task),
    ...(task.index === undefined ? {} : { index: task.index }),
    ...(task.origin ? { origin: task.origin } : {}),
  };
  try {
    const history = await task.attemptHistory();
    const attempts = history.map(
      (a): AttemptInfo => ({
        attempt: a.attempt,
        status: a.status === "ok" ? "succeeded" : a.status,
        ...(a.startedAt ? { startedAt: a.startedAt.toISOString() } : {}),
        ...(a.finishedAt ? { finishedAt: a.finishedAt.toISOString() } : {}),
        ...(a.error ? { error: { name: a.error.name, message: a.error.message } } : {}),
      }),
    );
    return { ...base, attempts };
  } catch (e) {
    return { ...base, attempts: [], error: toApiError(e) };
  }
}

/** A step's state from its tasks (`pending` when it has none yet). */
export function stepState(name: string, tasks: readonly TaskSummary[]): StepState {
  const count = (s: TaskStatus): number => tasks.filter((t) => t.status === s).length;
  const running = count("running");
  const succeeded = count("succeeded");
  const failed = count("failed");
  const status = tasks.length === 0 ? "pending" : running > 0 ? "running" : failed > 0 && succeeded < tasks.length ? "failed" : "succeeded";
  return { name, status, tasks: tasks.length, running, succeeded, failed };
}
