/**
 * The scheduler: runs the tasks of one run, in parallel up to `maxWorkers`, following each
 * finished task's transition, waiting for joins, retrying failed attempts, and stopping at the
 * first failure that cannot be retried.
 * @module
 */
import type { FlowDatastore } from "../datastore/flow-datastore.js";
import type { FlowGraph } from "../graph/types.js";
import type { DoneRecord, SerializedError } from "../protocol/task-records.js";
import type { ForeachFrame, TaskSpec } from "../protocol/task-spec.js";
import type { RunListener, TaskRef } from "./events.js";
import { JoinTracker } from "./join-tracker.js";
import { launchTask, type TaskExitInfo, type TaskHandle } from "./launcher.js";

/** How many times a step may run again, and after how long. */
export interface RetryPolicy {
  readonly retries: number;
  readonly delayMs: number;
}

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
  readonly retryPolicy: (step: string) => RetryPolicy;
  /** The task that holds the parameters (start's only input). */
  readonly parametersTask: string;
  readonly env: NodeJS.ProcessEnv;
  readonly emit: RunListener;
  readonly signal?: AbortSignal;
}

/** How the run ended. */
export type RunOutcome =
  | { readonly status: "succeeded" }
  | { readonly status: "failed"; readonly failedTask?: string; readonly reason: string };

interface QueuedTask {
  readonly step: string;
  readonly taskId: string;
  readonly inputPaths: readonly string[];
  readonly splitIndex?: number;
  readonly attempt: number;
}

/** Runs the tasks of a run to completion or failure. */
export async function executeRun(o: ExecuteOptions): Promise<RunOutcome> {
  const ready: QueuedTask[] = [];
  const running = new Map<string, TaskHandle>();
  const joins = new JoinTracker(o.graph);
  const finished: Promise<void>[] = [];
  let nextTaskId = 1;
  let reachedEnd = false;
  let failure: { failedTask?: string; reason: string } | undefined;
  let wake: () => void = () => {};
  const delayed = new Set<NodeJS.Timeout>();

  const enqueue = (step: string, inputPaths: readonly string[], splitIndex?: number): void => {
    ready.push({ step, taskId: String(nextTaskId++), inputPaths, attempt: 0, ...(splitIndex === undefined ? {} : { splitIndex }) });
  };
  const fail = (reason: string, failedTask?: string): void => {
    failure ??= { reason, ...(failedTask === undefined ? {} : { failedTask }) };
  };
  o.signal?.addEventListener("abort", () => {
    fail(`interrupted (${String(o.signal?.reason ?? "cancelled")})`);
    for (const h of running.values()) h.kill("SIGTERM");
    for (const t of delayed) clearTimeout(t);
    delayed.clear();
    wake();
  });

  const route = (to: string, from: string, path: string, stack: readonly ForeachFrame[]): void => {
    if (o.graph.steps[to]?.join) {
      const inputs = joins.arrive(to, from, path, stack);
      if (inputs !== undefined) enqueue(to, inputs);
    } else {
      enqueue(to, [path]);
    }
  };

  const follow = (task: QueuedTask, done: Extract<DoneRecord, { status: "ok" }>): void => {
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

  const onExit = async (task: QueuedTask, ref: TaskRef, exit: TaskExitInfo): Promise<void> => {
    const tds = o.datastore.task(o.runId, task.step, task.taskId, task.attempt);
    await Promise.all([tds.writeLog("stdout", exit.stdout), tds.writeLog("stderr", exit.stderr)]);
    const done = await tds.readDone().catch(() => undefined);
    if (exit.code === 0 && done?.status === "ok") {
      o.emit({ type: "task:end", task: ref, status: "ok" });
      if (failure === undefined) follow(task, done);
      return;
    }
    const error: SerializedError | undefined = done?.status === "failed" ? done.error : undefined;
    const how = exit.signal ? `killed by ${exit.signal}` : done === undefined ? `exited with code ${exit.code} before finishing` : undefined;
    const policy = o.retryPolicy(task.step);
    const canRetry = failure === undefined && task.attempt < policy.retries && exit.code !== 202;
    o.emit({
      type: "task:end",
      task: ref,
      status: "failed",
      ...(error ? { error } : {}),
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
    const why = error ? `${error.name}: ${error.message}` : how ?? "failed";
    fail(`${why}${task.attempt > 0 ? ` (after ${task.attempt + 1} attempts)` : ""}`, `${o.flowName}/${o.runId}/${task.step}/${task.taskId}`);
  };

  const launch = (task: QueuedTask): void => {
    const spec: TaskSpec = {
      flowName: o.flowName,
      runId: o.runId,
      step: task.step,
      taskId: task.taskId,
      attempt: task.attempt,
      inputPaths: task.inputPaths,
      datastoreRoot: o.datastoreRoot,
      codePackage: o.codePackage,
      maxRetries: o.retryPolicy(task.step).retries,
      ...(task.splitIndex === undefined ? {} : { splitIndex: task.splitIndex }),
    };
    let ref: TaskRef = { flowName: o.flowName, runId: o.runId, step: task.step, taskId: task.taskId, attempt: task.attempt };
    const handle = launchTask(o.flowFile, spec, o.env, (stream, line) => o.emit({ type: "task:log", task: ref, stream, line }));
    ref = { ...ref, ...(handle.pid === undefined ? {} : { pid: handle.pid }) };
    running.set(task.taskId, handle);
    o.emit({ type: "task:start", task: ref });
    finished.push(
      handle.exited
        .then((exit) => onExit(task, ref, exit))
        .catch((e: unknown) => fail(`scheduler error: ${(e as Error).message}`))
        .finally(() => {
          running.delete(task.taskId);
          wake();
        }),
    );
  };

  enqueue("start", [o.parametersTask]);
  for (;;) {
    while (failure === undefined && running.size < o.maxWorkers && ready.length > 0) launch(ready.shift() as QueuedTask);
    if (running.size === 0 && (failure !== undefined || (ready.length === 0 && delayed.size === 0))) break;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
  await Promise.all(finished);
  for (const t of delayed) clearTimeout(t);
  if (failure !== undefined) return { status: "failed", ...failure };
  if (!reachedEnd) return { status: "failed", reason: "the run stopped before reaching the end step (this is a bug in metaflow-ts; please report it)" };
  return { status: "succeeded" };
}
