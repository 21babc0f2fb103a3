/**
 * Client Run: one run of a flow.
 * @module
 */
import { NotFoundError } from "../errors.js";
import type { RunEndRecord, RunRecord } from "../metadata/types.js";
import { clientContext, splitPathspec } from "./client-context.js";
import { getNamespace } from "./namespace.js";
import { Step } from "./step.js";
import type { Task } from "./task.js";

/** A run of a flow. */
export class Run {
  /** @internal */
  constructor(
    private readonly record: RunRecord,
    private readonly end: RunEndRecord | undefined,
    private readonly root?: string,
  ) {}

  /** Loads a run by pathspec `Flow/runId`; it must be in the current namespace. */
  static async get(pathspec: string): Promise<Run> {
    const [flow, runId] = splitPathspec(pathspec, 2, "Flow/runId") as [string, string];
    const run = await loadRun(flow, runId);
    const ns = getNamespace();
    if (ns !== null && !run.tags.includes(ns) && !run.systemTags.includes(ns)) {
      throw new NotFoundError(`Run ${pathspec} is not in namespace ${ns}. Call namespace(null) to see every run, or namespace("user:${run.record.user}").`);
    }
    return run;
  }

  get id(): string {
    return this.record.runId;
  }
  get flowName(): string {
    return this.record.flowName;
  }
  get pathspec(): string {
    return `${this.record.flowName}/${this.record.runId}`;
  }
  /** Whether the run ended and succeeded. */
  get successful(): boolean {
    return this.end?.status === "succeeded";
  }
  /** Whether the run completed, i.e. its `end` step ran (as in Metaflow: a failed run is not finished). */
  get finished(): boolean {
    return this.end?.status === "succeeded";
  }

  /** Whether the run has stopped, successfully or not (false while running or if the scheduler died). */
  get ended(): boolean {
    return this.end !== undefined;
  }
  get createdAt(): Date {
    return new Date(this.record.createdAt);
  }
  /** When the run completed (undefined unless `finished`). */
  get finishedAt(): Date | undefined {
    return this.end?.status === "succeeded" ? new Date(this.end.finishedAt) : undefined;
  }
  /** User tags. */
  get tags(): readonly string[] {
    return this.record.tags;
  }
  /** Tags metaflow-ts set (`user:<name>`, ...). */
  get systemTags(): readonly string[] {
    return this.record.systemTags;
  }
  /** Why the run failed, and which task. */
  get failure(): { readonly task?: string; readonly reason?: string } | undefined {
    return this.end?.status === "failed" ? { ...(this.end.failedTask ? { task: this.end.failedTask } : {}), ...(this.end.reason ? { reason: this.end.reason } : {}) } : undefined;
  }

  /** The run's steps, in graph order (only those that ran). */
  async steps(): Promise<Step[]> {
    const present = new Set(await clientContext(this.root).flow(this.flowName).listSteps(this.id));
    return this.record.graph.order.filter((s) => present.has(s)).map((s) => new Step(this.flowName, this.id, s, this.root));
  }

  /** One step by name. */
  async step(name: string): Promise<Step> {
    return Step.get(`${this.pathspec}/${name}`, this.root);
  }

  /** The task of the `end` step. */
  async endTask(): Promise<Task> {
    return (await this.step("end")).task();
  }

  /** The artifacts of the end task, as a plain object. */
  async data(): Promise<Record<string, unknown>> {
    return (await this.endTask()).data();
  }
}

/** @internal Loads a run without a namespace check. */
export async function loadRun(flow: string, runId: string, root?: string): Promise<Run> {
  const ctx = clientContext(root);
  const [record, end] = await Promise.all([ctx.metadata.getRun(flow, runId), ctx.metadata.getRunEnd(flow, runId)]);
  if (record === undefined) throw new NotFoundError(`Run ${flow}/${runId} does not exist in ${ctx.root}.`);
  return new Run(record, end, root);
}
