/**
 * Client Run: one run of a flow, from its run record (`_run.json`), end record and tags.
 * @module
 */
import { NotFoundError } from "../errors.js";
import { localProbe } from "../metadata/local-probe.js";
import { runStatus, type RunStatus } from "../metadata/run-status.js";

export type { RunStatus };
import { isLiveMetadataProvider, type RunEndRecord, type RunListStatus, type RunRecord } from "../metadata/types.js";
import { clientContext, splitPathspec } from "./client-context.js";
import { assertInNamespace } from "./namespace.js";
import { configNamesOf, readCodePackage, readParameterArtifacts, type CodePackage } from "./run-inputs.js";
import { loadStep, Step } from "./step.js";
import type { Task } from "./task.js";

/** A run of a flow. */
export class Run {
  /** @internal */
  constructor(
    private record: RunRecord,
    private readonly end: RunEndRecord | undefined,
    private readonly root?: string,
    private readonly heartbeatAt?: string,
    /** The status a live metadata provider (the service) reported, when there is one. */
    private readonly liveStatus?: RunListStatus,
  ) {}

  /** Loads a run by pathspec `Flow/runId`; it must be in the current namespace. */
  static async get(pathspec: string): Promise<Run> {
    const [flow, runId] = splitPathspec(pathspec, 2, "Flow/runId") as [string, string];
    const run = await loadRun(flow, runId, clientContext().root); // bound to the root in effect now
    assertInNamespace(`Run ${pathspec}`, run.record);
    return run;
  }

  get id(): string {
    return this.record.runId;
  }
  get flowName(): string {
    return this.record.flowName;
  }
  /** `Flow/runId` */
  get pathspec(): string {
    return `${this.record.flowName}/${this.record.runId}`;
  }
  /** Who ran it. */
  get user(): string {
    return this.record.user;
  }
  /** The flow file, as given to `run`. */
  get flowFile(): string {
    return this.record.flowFile;
  }
  /** For a resumed run: the id of the run it reused tasks from. */
  get originRunId(): string | undefined {
    return this.record.originRunId;
  }
  /** Whether the run ended and succeeded. */
  get successful(): boolean {
    return this.end?.status === "succeeded";
  }
  /** Whether the run completed, i.e. its `end` step ran (as in Metaflow: a failed run is not finished). */
  get finished(): boolean {
    return this.end?.status === "succeeded";
  }
  /** Whether the run has stopped, successfully or not (false while running, or if its scheduler died). */
  get ended(): boolean {
    return this.end !== undefined;
  }
  /**
   * `succeeded`, `failed`, `running`, or `dead`: no end record and its scheduler is gone (its
   * process no longer exists on this machine, or its heartbeat stopped). Checked when read; the
   * heartbeat is the one of when this object was loaded. A dead run can be resumed.
   */
  get status(): RunStatus {
    // The metadata service judges heartbeats with its own clock; a scheduler process gone from this machine is proof too.
    if (this.end === undefined && this.liveStatus === "dead") return "dead";
    return runStatus({ record: this.record, end: this.end, heartbeatAt: this.heartbeatAt }, localProbe());
  }
  get createdAt(): Date {
    return new Date(this.record.createdAt);
  }
  /** When the run completed (undefined unless `finished`). */
  get finishedAt(): Date | undefined {
    return this.end?.status === "succeeded" ? new Date(this.end.finishedAt) : undefined;
  }
  /** When the run stopped, successfully or not (undefined unless `ended`). */
  get endedAt(): Date | undefined {
    return this.end === undefined ? undefined : new Date(this.end.finishedAt);
  }
  /** User tags (`--tag`, `addTag`...), as of when this object was loaded or last changed through it. */
  get tags(): readonly string[] {
    return this.record.tags;
  }
  /** Tags metaflow-ts set (`user:<name>`, `runtime:node-20`...); they cannot be changed. */
  get systemTags(): readonly string[] {
    return this.record.systemTags;
  }
  /** Why the run failed, and which task. */
  get failure(): { readonly task?: string; readonly reason?: string } | undefined {
    return this.end?.status === "failed" ? { ...(this.end.failedTask ? { task: this.end.failedTask } : {}), ...(this.end.reason ? { reason: this.end.reason } : {}) } : undefined;
  }
  /** The flow graph the run ran. */
  get graph(): RunRecord["graph"] {
    return this.record.graph;
  }

  /** Adds a user tag (atomic; concurrent tag changes are all kept). */
  addTag(tag: string): Promise<void> {
    return this.changeTags({ add: [tag] });
  }
  /** Adds user tags in one change. */
  addTags(tags: readonly string[]): Promise<void> {
    return this.changeTags({ add: tags });
  }
  /** Removes a user tag (no-op when absent); removing a system tag throws. */
  removeTag(tag: string): Promise<void> {
    return this.changeTags({ remove: [tag] });
  }
  /** Removes user tags in one change. */
  removeTags(tags: readonly string[]): Promise<void> {
    return this.changeTags({ remove: tags });
  }
  /** Replaces user tag `oldTag` by `newTag` in one atomic change. */
  replaceTag(oldTag: string, newTag: string): Promise<void> {
    return this.changeTags({ remove: [oldTag], add: [newTag] });
  }

  /** The run's steps that have tasks, in graph order. */
  async steps(): Promise<Step[]> {
    const present = new Set(await clientContext(this.root).flow(this.flowName).listSteps(this.id));
    return this.record.graph.order.filter((s) => present.has(s)).map((s) => new Step(this.flowName, this.id, s, this.root));
  }

  /** One step by name (it must have run). */
  step(name: string): Promise<Step> {
    return loadStep(this.flowName, this.id, name, this.root, this.record.graph.order);
  }

  /** The task of the `end` step. */
  async endTask(): Promise<Task> {
    return (await this.step("end")).task();
  }

  /** The artifacts of the end task, as a plain object. */
  async data(): Promise<Record<string, unknown>> {
    return (await this.endTask()).data();
  }

  /** The code package the run's tasks ran: the flow bundled with what it imports. */
  code(): Promise<CodePackage> {
    return readCodePackage(clientContext(this.root).flow(this.flowName), this.record);
  }

  /** The run's parameter values (and included files), by field name: the artifacts of `_parameters/0` other than configs. */
  async parameters(): Promise<Record<string, unknown>> {
    const configs = new Set(configNamesOf(this.record));
    return readParameterArtifacts(clientContext(this.root).flow(this.flowName), this.id, (name) => !configs.has(name));
  }

  /** The run's configs as resolved when it started, by config name (from the run record: no artifact is read). */
  async configs(): Promise<Record<string, unknown>> {
    return { ...this.record.configs };
  }

  private async changeTags(change: { readonly add?: readonly string[]; readonly remove?: readonly string[] }): Promise<void> {
    const tags = await clientContext(this.root).metadata.updateTags(this.flowName, this.id, change);
    this.record = { ...this.record, tags };
  }
}

/** @internal Loads a run without a namespace check. */
export async function loadRun(flow: string, runId: string, root?: string): Promise<Run> {
  const ctx = clientContext(root);
  const md = ctx.metadata;
  const live = isLiveMetadataProvider(md);
  const [record, end, heartbeatAt, status] = await Promise.all([md.getRun(flow, runId), md.getRunEnd(flow, runId), md.getHeartbeat(flow, runId), live ? md.runStatus(flow, runId) : undefined]);
  if (record === undefined) {
    throw new NotFoundError(`Run ${flow}/${runId} does not exist in ${ctx.root}. \`metaflow-ts runs ${flow}\` lists its runs.`);
  }
  return new Run(record, end, root, heartbeatAt, status);
}
