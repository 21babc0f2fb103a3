/**
 * The scheduler: runs the tasks of one run, in parallel up to `maxWorkers`, following each
 * finished task's transition, waiting for joins, retrying failed attempts, enforcing time
 * limits, reusing tasks of an origin run (resume), and stopping at the first failure that
 * cannot be retried.
 * @module
 */
import type { FlowDatastore } from "../datastore/flow-datastore.js";
import type { FlowGraph } from "../graph/types.js";
import type { DoneRecord, SerializedError } from "../protocol/task-records.js";
import type { ForeachFrame, TaskSpec } from "../protocol/task-spec.js";
import type { RunListener, TaskRef } from "./events.js";
import { JoinTracker } from "./join-tracker.js";
import { launchTask, type Isolation, type TaskExitInfo, type TaskHandle } from "./launcher.js";
import { ThreadPool } from "./thread-pool.js";

/** How the scheduler treats the tasks of a step. */
export interface StepPolicy {
  /** Attempts after the first. */
  readonly retries: number;
  /** Wait before a retry. */
  readonly delayMs: number;
  /** Kill an attempt that runs longer than this. */
  readonly timeoutMs?: number;
}

/** A task about to run: what decides whether an origin task can be reused instead. */
export interface ScheduledTask {
  readonly step: string;
  readonly taskId: string;
  readonly inputPaths: readonly string[];
  readonly splitIndex?: number;
}

/** A successful done record. */
export type DoneOk = Extract<DoneRecord, { status: "ok" }>;

/** What the scheduler needs to run. */
export interface ExecuteOptions {
  readonly flowName: string;
  /** The flow file, as shown to the user (tasks get it for information). */
  readonly flowFile: string;
  readonly runId: string;
  readonly graph: FlowGraph;
  readonly datastore: FlowDatastore;
  readonly datastoreRoot: string;
  readonly codePackage: string;
  /** Local path of the code package (warm threads load it ahead of their task). */
  readonly codePath: string;
  readonly maxWorkers: number;
  readonly maxNumSplits: number;
  /** Default isolation of tasks; steps with a time limit always run as processes. */
  readonly isolation: Isolation;
  readonly policy: (step: string) => StepPolicy;
  /** The task that holds the parameters (start's only input). */
  readonly parametersTask: string;
  readonly env: NodeJS.ProcessEnv;
  readonly emit: RunListener;
  readonly signal?: AbortSignal;
  /**
   * Resume: reuses an origin task for `task` when one fits (writing the clone's records) and
   * returns its done record, or undefined to run the task.
   */
  readonly reuse?: (task: ScheduledTask) => Promise<{ done: DoneOk; origin: string } | undefined>;
  /**
   * Set when the code package imports from step environments: the environment id of a step's
   * tasks (`none` for a step without one). See TaskSpec.environment.
   */
  readonly environmentOf?: (step: string) => string;
}

/** How the run ended. */
export type RunOutcome =
  | { readonly status: "succeeded" }
  | { readonly status: "failed"; readonly failedTask?: string; readonly reason: string };

interface QueuedTask extends ScheduledTask {
  readonly attempt: number;
}

/** Grace period between SIGTERM and SIGKILL when stopping tasks. */
const killGraceMs = 3000;

/** Runs the tasks of a run to completion or failure. */
export async function executeRun(o: ExecuteOptions): Promise<RunOutcome> {
  const ready: QueuedTask[] = [];
  const running = new Map<string, TaskHandle>();
  const joins = new JoinTracker(o.graph);
  const inFlight = new Set<Promise<void>>();
  let busy = 0;
  let nextTaskId = 1;
  let reachedEnd = false;
  let failure: { failedTask?: string; reason: string } | undefined;
  let wake: () => void = () => {};
  const delayed = new Set<NodeJS.Timeout>();
  let threads: ThreadPool | undefined;
  // A thread cannot load the code package ahead of its task when the package depends on the task's environment.
  const pool = (): ThreadPool => (threads ??= new ThreadPool(o.maxWorkers, o.codePath, o.flowFile, o.env, o.environmentOf === undefined));

  const enqueue = (step: string, inputPaths: readonly string[], splitIndex?: number): void => {
    ready.push({ step, taskId: String(nextTaskId++), inputPaths, attempt: 0, ...(splitIndex === undefined ? {} : { splitIndex }) });
  };
  const fail = (reason: string, failedTask?: string): void => {
    failure ??= { reason, ...(failedTask === undefined ? {} : { failedTask }) };
  };
  const stopAll = (): void => {
    for (const h of running.values()) h.kill("SIGTERM");
    const escalate = setTimeout(() => {
      for (const h of running.values()) h.kill("SIGKILL");
    }, killGraceMs);
    escalate.unref();
    for (const t of delayed) clearTimeout(t);
    delayed.clear();
    wake();
  };
  const onAbort = (): void => {
    fail(`interrupted (${String(o.signal?.reason ?? "cancelled")}); the run can be resumed`);
    stopAll();
  };
  if (o.signal?.aborted) onAbort();
  else o.signal?.addEventListener("abort", onAbort, { once: true });

  const route = (to: string, from: string, path: string, stack: readonly ForeachFrame[]): void => {
    if (o.graph.steps[to]?.join) {
      const inputs = joins.arrive(to, from, path, stack);
      if (inputs !== undefined) enqueue(to, inputs);
    } else {
      enqueue(to, [path]);
    }
  };

  const follow = (task: QueuedTask, done: DoneOk): void => {
    const path = `${o.runId}/${task.step}/${task.taskId}`;
    const t = done.transition;
    switch (t.kind) {
      case "linear":
      case "switch":
        route(t.to, task.step, path, done.foreachStack);
        return;
      case "branch":
        for (const to of t.to) route(to, task.step, path, done.foreachStack);
        return;
      case "foreach":
        if (t.count > o.maxNumSplits) {
          fail(
            `Foreach in step ${task.step} yielded ${t.count} child steps, which is more than the current maximum of ${o.maxNumSplits} children. ` +
              `You can raise the maximum with the --max-num-splits option.`,
            `${o.flowName}/${path}`,
          );
          return;
        }
        for (let i = 0; i < t.count; i++) enqueue(t.to, [path], i);
        return;
      case "end":
        reachedEnd = true;
        return;
      default: {
        const never: never = t;
        return never;
      }
    }
  };

  const onExit = async (task: QueuedTask, ref: TaskRef, exit: TaskExitInfo, timedOutAfterMs: number | undefined): Promise<void> => {
    const tds = o.datastore.task(o.runId, task.step, task.taskId, task.attempt);
    // Empty logs are not written: a missing log reads as empty, and a trivial task stays at 3 files.
    await Promise.all([
      exit.stdout.length > 0 ? tds.writeLog("stdout", exit.stdout) : undefined,
      exit.stderr.length > 0 ? tds.writeLog("stderr", exit.stderr) : undefined,
    ]);
    let done = await tds.readDone().catch(() => undefined);
    if (exit.code === 0 && done?.status === "ok" && timedOutAfterMs === undefined) {
      o.emit({ type: "task:end", task: ref, status: "ok" });
      if (failure === undefined) follow(task, done);
      return;
    }
    const how =
      timedOutAfterMs !== undefined
        ? `timed out after ${formatDuration(timedOutAfterMs)} (@timeout)`
        : exit.signal
          ? `killed by ${exit.signal}${exit.signal === "SIGKILL" ? " (out of memory, or killed from outside)" : ""}`
          : done === undefined
            ? `exited with code ${exit.code} before finishing`
            : undefined;
    if (done?.status !== "failed" || timedOutAfterMs !== undefined) {
      // The process died before it could record why: record it for the client and resume.
      const error: SerializedError = {
        name: timedOutAfterMs !== undefined ? "TimeoutError" : "TaskKilled",
        message: `Step ${task.step} ${how ?? "failed"} (attempt ${task.attempt + 1})`,
      };
      done = { status: "failed", attempt: task.attempt, finishedAt: new Date().toISOString(), error, foreachStack: [] };
      await tds.writeDone(done);
    }
    const error = done.error;
    const policy = o.policy(task.step);
    const canRetry = failure === undefined && task.attempt < policy.retries && exit.code !== 202;
    o.emit({
      type: "task:end",
      task: ref,
      status: "failed",
      error,
      ...(how ? { exit: how } : {}),
      ...(canRetry ? { retryInSeconds: policy.delayMs / 1000 } : {}),
    });
    if (canRetry) {
      const again = { ...task, attempt: task.attempt + 1 };
      if (policy.delayMs <= 0) ready.unshift(again);
      else {
        const timer = setTimeout(() => {
          delayed.delete(timer);
          ready.unshift(again);
          wake();
        }, policy.delayMs);
        delayed.add(timer);
      }
      return;
    }
    const why = timedOutAfterMs !== undefined || done.error.name === "TaskKilled" ? done.error.message : `${error.name}: ${error.message}`;
    fail(`${why}${task.attempt > 0 ? ` (after ${task.attempt + 1} attempts)` : ""}`, `${o.flowName}/${o.runId}/${task.step}/${task.taskId}`);
  };

  const runProcess = async (task: QueuedTask): Promise<void> => {
    const policy = o.policy(task.step);
    const spec: TaskSpec = {
      flowName: o.flowName,
      runId: o.runId,
      step: task.step,
      taskId: task.taskId,
      attempt: task.attempt,
      inputPaths: task.inputPaths,
      datastoreRoot: o.datastoreRoot,
      codePackage: o.codePackage,
      maxRetries: policy.retries,
      ...(task.splitIndex === undefined ? {} : { splitIndex: task.splitIndex }),
      ...(o.environmentOf === undefined ? {} : { environment: o.environmentOf(task.step) }),
    };
    let ref: TaskRef = { flowName: o.flowName, runId: o.runId, step: task.step, taskId: task.taskId, attempt: task.attempt };
    // A time limit must be able to kill whatever the step started: that needs a process group.
    const isolation: Isolation = policy.timeoutMs === undefined ? o.isolation : "process";
    const handle = launchTask(isolation === "thread" ? pool() : undefined, o.flowFile, spec, o.env, (stream, line) => o.emit({ type: "task:log", task: ref, stream, line }));
    ref = { ...ref, ...(handle.pid === undefined ? {} : { pid: handle.pid }) };
    running.set(task.taskId, handle);
    o.emit({ type: "task:start", task: ref });
    let timedOut: number | undefined;
    const timer =
      policy.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = policy.timeoutMs;
            handle.kill("SIGKILL");
          }, policy.timeoutMs);
    try {
      const exit = await handle.exited;
      if (timer !== undefined) clearTimeout(timer);
      await onExit(task, ref, exit, timedOut);
    } finally {
      running.delete(task.taskId);
    }
  };

  const start = (task: QueuedTask): void => {
    busy++;
    const p = (async () => {
      const reused = task.attempt === 0 && o.reuse ? await o.reuse(task) : undefined;
      if (reused !== undefined) {
        o.emit({ type: "task:reused", task: { flowName: o.flowName, runId: o.runId, step: task.step, taskId: task.taskId, attempt: 0 }, origin: reused.origin });
        if (failure === undefined) follow(task, reused.done);
        return;
      }
      await runProcess(task);
    })()
      .catch((e: unknown) => fail(`scheduler error: ${(e as Error)?.message ?? String(e)}`))
      .finally(() => {
        busy--;
        inFlight.delete(p);
        wake();
      });
    inFlight.add(p);
  };

  enqueue("start", [o.parametersTask]);
  for (;;) {
    while (failure === undefined && busy < o.maxWorkers && ready.length > 0) start(ready.shift() as QueuedTask);
    if (busy === 0 && (failure !== undefined || (ready.length === 0 && delayed.size === 0))) break;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
  await Promise.all(inFlight);
  threads?.close();
  for (const t of delayed) clearTimeout(t);
  o.signal?.removeEventListener("abort", onAbort);
  if (failure !== undefined) return { status: "failed", ...failure };
  if (!reachedEnd) return { status: "failed", reason: "the run stopped before reaching the end step (this is a bug in metaflow-ts; please report it)" };
  return { status: "succeeded" };
}

function formatDuration(ms: number): string {
  return ms === 1000 ? "1 second" : ms < 60_000 ? `${ms / 1000} seconds` : ms < 3_600_000 ? `${+(ms / 60_000).toFixed(2)} minutes` : `${+(ms / 3_600_000).toFixed(2)} hours`;
}
