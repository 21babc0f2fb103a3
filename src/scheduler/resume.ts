/**
 * Resume: a new run that reuses the successful tasks of an origin run. A task of the new run
 * reuses an origin task when it is the same step, fed by the same (reused) inputs and at the
 * same foreach index, and the origin task succeeded. Reuse copies only the small records
 * (artifact index, done marker): no artifact is read or copied. Everything downstream of a task
 * that runs again runs again too, with the current code.
 * @module
 */
import type { FlowDatastore } from "../datastore/flow-datastore.js";
import { ErrorCode, MetaflowError } from "../errors.js";
import { transitionTargets } from "../graph/transition-targets.js";
import type { FlowGraph } from "../graph/types.js";
import type { MetadataProvider } from "../metadata/types.js";
import type { ArtifactIndex, AttemptRecord } from "../protocol/task-records.js";
import type { DoneOk, ScheduledTask } from "./runtime.js";

/** What the user asks of a resume. */
export interface ResumeOptions {
  /** The run to reuse tasks from. @default the latest run of the flow */
  readonly originRunId?: string;
  /** Run again from this step (and everything after it), even if it succeeded. */
  readonly step?: string;
}

interface OriginTask {
  readonly pathspec: string;
  readonly step: string;
  readonly taskId: string;
  readonly attempt: number;
  readonly done: DoneOk;
  readonly record: AttemptRecord;
}

/** The origin run, indexed for reuse. */
export interface Origin {
  readonly runId: string;
  /** Parameters (and configs) of the origin run: reused as they are. */
  readonly parameters: ArtifactIndex;
  /** Builds the scheduler's reuse hook for the new run. */
  reuseFor(newRunId: string): (task: ScheduledTask) => Promise<{ done: DoneOk; origin: string } | undefined>;
}

/** Loads and indexes the origin run of a resume. */
export async function loadOrigin(fds: FlowDatastore, metadata: MetadataProvider, graph: FlowGraph, options: ResumeOptions): Promise<Origin> {
  const flowName = fds.flowName;
  const runId = options.originRunId ?? (await latestResumableRun(fds, metadata));
  if (runId === undefined) {
    throw new MetaflowError(ErrorCode.NotFound, `${flowName} has no run to resume in ${fds.storage.location}. Run it first with \`metaflow-ts run\`.`);
  }
  if ((await metadata.getRun(flowName, runId)) === undefined) {
    throw new MetaflowError(ErrorCode.NotFound, `Run ${flowName}/${runId} does not exist in ${fds.storage.location}; check --origin-run-id.`);
  }
  if (options.step !== undefined && graph.steps[options.step] === undefined) {
    throw new MetaflowError(ErrorCode.UsageError, `Cannot resume from step '${options.step}': ${flowName} has no such step. Its steps: ${graph.order.join(", ")}.`);
  }
  const paramsTask = await fds.latestDoneAttempt(runId, "_parameters", "0");
  if (paramsTask === undefined) throw new MetaflowError(ErrorCode.NotFound, `Run ${flowName}/${runId} has no recorded parameters; it cannot be resumed.`);
  const parameters = await paramsTask.readArtifactIndex();
  const byKey = await indexOriginTasks(fds, runId, graph);
  const rerun = options.step === undefined ? new Set<string>() : downstreamOf(graph, options.step);

  return {
    runId,
    parameters,
    reuseFor(newRunId) {
      const toOrigin = new Map<string, string>([[`${newRunId}/_parameters/0`, `${runId}/_parameters/0`]]);
      const toNew = new Map<string, string>([[`${runId}/_parameters/0`, `${newRunId}/_parameters/0`]]);
      return async (task) => {
        if (rerun.has(task.step)) return undefined;
        const inputs = task.inputPaths.map((p) => toOrigin.get(p));
        if (inputs.some((p) => p === undefined)) return undefined;
        const found = byKey.get(reuseKey(task.step, inputs as string[], task.splitIndex));
        if (found === undefined) return undefined;
        const stack = found.done.foreachStack.map((f) => ({ ...f, task: toNew.get(f.task) ?? f.task }));
        const origin = `${flowName}/${found.pathspec}`;
        const source = fds.task(runId, found.step, found.taskId, found.attempt);
        const clone = fds.task(newRunId, task.step, task.taskId, 0);
        await clone.writeAttempt({ ...found.record, attempt: 0, startedAt: new Date().toISOString(), pid: process.pid, inputPaths: task.inputPaths, foreachStack: stack, origin });
        // The origin's index (in its done record, or in `data.json` for a run written by an older version).
        const done: DoneOk = { ...found.done, attempt: 0, foreachStack: stack, origin, index: found.done.index ?? (await source.readArtifactIndex()) };
        await clone.writeDone(done);
        const newPath = `${newRunId}/${task.step}/${task.taskId}`;
        toOrigin.set(newPath, found.pathspec);
        toNew.set(found.pathspec, newPath);
        return { done, origin };
      };
    },
  };
}

/** The newest run that got as far as recording its parameters (a run killed while starting is skipped). */
async function latestResumableRun(fds: FlowDatastore, metadata: MetadataProvider): Promise<string | undefined> {
  for (const runId of await metadata.listRuns(fds.flowName)) {
    if ((await metadata.getRun(fds.flowName, runId)) === undefined) continue;
    if ((await fds.latestDoneAttempt(runId, "_parameters", "0")) !== undefined) return runId;
  }
  return undefined;
}

/** Successful tasks of the origin run by (step, origin input paths, split index). */
async function indexOriginTasks(fds: FlowDatastore, runId: string, graph: FlowGraph): Promise<Map<string, OriginTask>> {
  const byKey = new Map<string, OriginTask>();
  const steps = (await fds.listSteps(runId)).filter((s) => graph.steps[s] !== undefined);
  await Promise.all(
    steps.map(async (step) => {
      for (const taskId of await fds.listTasks(runId, step)) {
        const ds = await fds.latestDoneAttempt(runId, step, taskId);
        const [done, record] = ds === undefined ? [] : await Promise.all([ds.readDone(), ds.readAttempt()]);
        if (ds === undefined || done?.status !== "ok" || record === undefined) continue;
        const task: OriginTask = { pathspec: `${runId}/${step}/${taskId}`, step, taskId, attempt: ds.attempt, done, record };
        byKey.set(reuseKey(step, record.inputPaths, record.splitIndex), task);
      }
    }),
  );
  return byKey;
}

function reuseKey(step: string, inputPaths: readonly string[], splitIndex: number | undefined): string {
  return `${step}|${inputPaths.join(",")}|${splitIndex ?? ""}`;
}

/** `step` and every step reachable from it. */
function downstreamOf(graph: FlowGraph, step: string): Set<string> {
  const seen = new Set<string>();
  const stack = [step];
  while (stack.length > 0) {
    const s = stack.pop() as string;
    if (seen.has(s)) continue;
    seen.add(s);
    const node = graph.steps[s];
    if (node !== undefined) stack.push(...transitionTargets(node.transition));
  }
  return seen;
}
