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
import type { ComputeBackend, ComputeExit, ComputeHandle, ComputeResources } from "../protocol/compute.js";
import { taskCommand } from "./launcher.js";
import type { TaskPlugin } from "../protocol/task-spec.js";
import { LiveLog } from "./live-log.js";
import { deathNotice, describeSignal } from "./describe-exit.js";

/** How the scheduler treats the tasks of a step. */
export interface StepPolicy {
  /** Attempts after the first. */
  readonly retries: number;
  /** Wait before a retry. */
  readonly delayMs: number;
  /** Kill an attempt that runs longer than this. */
  readonly timeoutMs?: number;
  /**
   * The step has `@catchError`: when its last attempt dies without recording why (timed out,
   * killed, exited), one more attempt hands that failure to `@catchError` without running the step.
   */
  readonly catchesFailures?: boolean;
}

/** Where a step's tasks run and what they ask for. */
export interface StepCompute {
  readonly backend: ComputeBackend;
  readonly resources: ComputeResources;
  /** Attributes of the backend's decorator (empty for local). */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Cancel the step's running tasks as soon as the run fails (remote jobs), instead of letting them finish. */
  readonly stopOnFailure?: boolean;
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
  readonly maxWorkers: number;
  readonly maxNumSplits: number;
  /** The compute backend of each step (local, or a remote one chosen by its decorators). */
  readonly compute: (step: string) => StepCompute;
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
  /** Plugin modules every task loads (see TaskSpec.plugins). */
  readonly plugins?: readonly TaskPlugin[];
}

/** How the run ended. */
export type RunOutcome =
  | { readonly status: "succeeded" }
  | { readonly status: "failed"; readonly failedTask?: string; readonly reason: string };

interface QueuedTask extends ScheduledTask {
  readonly attempt: number;
  readonly failureToCatch?: SerializedError;
}

/** Grace period between SIGTERM and SIGKILL when stopping tasks. */
const killGraceMs = 3000;

/** Runs the tasks of a run to completion or failure. */
export async function executeRun(o: ExecuteOptions): Promise<RunOutcome> {
  const ready: QueuedTask[] = [];
  const running = new Map<string, { readonly handle: ComputeHandle; readonly stopOnFailure: boolean }>();
  const joins = new JoinTracker(o.graph);
  const inFlight = new Set<Promise<void>>();
  let busy = 0;
  let nextTaskId = 1;
  let reachedEnd = false;
  let failure: { failedTask?: string; reason: string } | undefined;
  let wake: () => void = () => {};
  const delayed = new Set<NodeJS.Timeout>();

  const enqueue = (step: string, inputPaths: readonly string[], splitIndex?: number): void => {
    const taskId = String(nextTaskId++);
    ready.push({ step, taskId, inputPaths, attempt: 0, ...(splitIndex === undefined ? {} : { splitIndex }) });
    o.emit({ type: "task:queued", flowName: o.flowName, runId: o.runId, step, taskId });
  };
  const fail = (reason: string, failedTask?: string): void => {
    if (failure !== undefined) return;
    failure = { reason, ...(failedTask === undefined ? {} : { failedTask }) };
    // Remote jobs of a failed run are cancelled rather than left to run (or wait in a queue).
    for (const r of running.values()) if (r.stopOnFailure) r.handle.cancel("SIGTERM");
  };
  const stopAll = (): void => {
    for (const r of running.values()) r.handle.cancel("SIGTERM");
    const escalate = setTimeout(() => {
      for (const r of running.values()) r.handle.cancel("SIGKILL");
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

  const onExit = async (task: QueuedTask, ref: TaskRef, exit: ComputeExit, timedOutAfterMs: number | undefined, launchedAt: Date): Promise<void> => {
    const tds = o.datastore.task(o.runId, task.step, task.taskId, task.attempt);
    let done = await tds.readDone().catch(() => undefined);
    const finished = exit.code === 0 && done?.status === "ok" && timedOutAfterMs === undefined;
    const how = finished
      ? undefined
      : timedOutAfterMs !== undefined
        ? `timed out after ${formatDuration(timedOutAfterMs)} (@timeout)`
        : exit.reason !== undefined
          ? exit.reason
          : exit.signal
            ? describeSignal(exit.signal)
            : done === undefined
              ? `exited with code ${exit.code} before finishing`
              : undefined;
    // A process that died says so at the end of its stderr log (`logs --stderr` shows why).
    const stderr = how === undefined ? exit.stderr : Buffer.concat([exit.stderr, Buffer.from(deathNotice(task.step, task.attempt, how))]);
    // Empty logs are not written: a missing log reads as empty, and a trivial task stays at 3 files.
    await Promise.all([exit.stdout.length > 0 ? tds.writeLog("stdout", exit.stdout) : undefined, stderr.length > 0 ? tds.writeLog("stderr", stderr) : undefined]);
    if (finished && done?.status === "ok") {
      o.emit({ type: "task:end", task: ref, status: "ok" });
      if (failure === undefined) follow(task, done);
      return;
    }
    let diedUnrecorded = false;
    if (done?.status !== "failed" || timedOutAfterMs !== undefined) {
      diedUnrecorded = true;
      // The process died before it could record why: record it for the client and resume.
      const error: SerializedError = {
        name: timedOutAfterMs !== undefined ? "TimeoutError" : "TaskKilled",
        message: `Step ${task.step} ${how ?? "failed"} (attempt ${task.attempt + 1})`,
      };
      done = { status: "failed", attempt: task.attempt, finishedAt: new Date().toISOString(), error, foreachStack: [] };
      // Killed while starting up: record the attempt too, so that the client sees it.
      if ((await tds.readAttempt().catch(() => undefined)) === undefined) {
        await tds.writeAttempt({
          attempt: task.attempt,
          startedAt: launchedAt.toISOString(),
          pid: ref.pid ?? 0,
          inputPaths: task.inputPaths,
          foreachStack: [],
          ...(task.splitIndex === undefined ? {} : { splitIndex: task.splitIndex }),
        });
      }
      await tds.writeDone(done);
    }
    const error = done.error;
    const policy = o.policy(task.step);
    const handToCatch = failure === undefined && policy.catchesFailures === true && diedUnrecorded && task.failureToCatch === undefined && task.attempt >= policy.retries;
    const canRetry = failure === undefined && (task.attempt < policy.retries || handToCatch) && exit.code !== 202;
    o.emit({
      type: "task:end",
      task: ref,
      status: "failed",
      error,
      ...(how ? { exit: how } : {}),
      ...(canRetry ? { retryInSeconds: policy.delayMs / 1000 } : {}),
    });
    if (canRetry) {
      const again: QueuedTask = { ...task, attempt: task.attempt + 1, ...(handToCatch ? { failureToCatch: { name: error.name, message: error.message } } : {}) };
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
      ...(task.failureToCatch === undefined ? {} : { failureToCatch: task.failureToCatch }),
      ...(o.environmentOf === undefined ? {} : { environment: o.environmentOf(task.step) }),
      ...(o.plugins === undefined || o.plugins.length === 0 ? {} : { plugins: o.plugins }),
    };
    let ref: TaskRef = { flowName: o.flowName, runId: o.runId, step: task.step, taskId: task.taskId, attempt: task.attempt };
    // The attempt that hands a dead task's failure to @catchError runs no user code: no time limit.
    const timeoutMs = task.failureToCatch === undefined ? policy.timeoutMs : undefined;
    const launchedAt = new Date();
    const compute = o.compute(task.step);
    const live = new LiveLog(o.datastore.task(o.runId, task.step, task.taskId, task.attempt));
    const handle = compute.backend.submit({
      spec,
      flowFile: o.flowFile,
      command: taskCommand(o.flowFile, spec),
      resources: compute.resources,
      attributes: compute.attributes,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      env: o.env,
      onLine: (stream, line) => {
        live.line(stream, line);
        o.emit({ type: "task:log", task: ref, stream, line });
      },
    });
    running.set(task.taskId, { handle, stopOnFailure: compute.stopOnFailure === true });
    const label = handle.label ?? (handle.submitted === undefined ? undefined : await handle.submitted);
    ref = { ...ref, ...(handle.pid === undefined ? {} : { pid: handle.pid }), ...(label === undefined ? {} : { label }) };
    o.emit({ type: "task:start", task: ref });
    let timedOut: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    let ended = false;
    const armTimeout = (limitMs: number): void => {
      if (ended) return;
      timer = setTimeout(() => {
        timedOut = limitMs;
        handle.cancel("SIGKILL");
      }, limitMs);
    };
    // The time limit counts from when the task runs (not while a cluster keeps it queued).
    if (timeoutMs !== undefined) {
      const limitMs = timeoutMs;
      if (handle.running === undefined) armTimeout(limitMs);
      else void handle.running.then(() => armTimeout(limitMs));
    }
    try {
      const exit = await handle.exited;
      ended = true;
      if (timer !== undefined) clearTimeout(timer);
      await live.close();
      await onExit(task, ref, exit, timedOut, launchedAt);
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
  for (const t of delayed) clearTimeout(t);
  o.signal?.removeEventListener("abort", onAbort);
  if (failure !== undefined) return { status: "failed", ...failure };
  if (!reachedEnd) return { status: "failed", reason: "the run stopped before reaching the end step (this is a bug in metaflow-ts; please report it)" };
  return { status: "succeeded" };
}

function formatDuration(ms: number): string {
  return ms === 1000 ? "1 second" : ms < 60_000 ? `${ms / 1000} seconds` : ms < 3_600_000 ? `${+(ms / 60_000).toFixed(2)} minutes` : `${+(ms / 3_600_000).toFixed(2)} hours`;
}
