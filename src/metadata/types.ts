/**
 * Run-level metadata records. Pure types.
 * @module
 */
import type { AppliedDecorator } from "../flow/metadata-keys.js";
import type { FlowGraph } from "../graph/types.js";
import type { TagChange } from "./tag-change.js";
import type { ProjectInfo } from "../flow/project.js";
import type { RunStatus } from "./run-status.js";

/** Written when a run starts. */
export interface RunRecord {
  readonly flowName: string;
  readonly runId: string;
  readonly createdAt: string;
  readonly user: string;
  /** User tags (`--tag`, then as changed by `tag add|remove|replace`; `getRun` returns the current ones). */
  readonly tags: readonly string[];
  /** Tags set by metaflow-ts (`user:<name>`, `runtime:node-20`...); users cannot change them. */
  readonly systemTags: readonly string[];
  /** Content hash of the code package the tasks run from. */
  readonly codePackage: string;
  /** Path of the flow file, relative to the working directory, as given. */
  readonly flowFile: string;
  readonly graph: FlowGraph;
  /** Decorators of each step as the run uses them (from the source and `--with`), attributes resolved. */
  readonly stepDecorators: Readonly<Record<string, readonly AppliedDecorator[]>>;
  /** Decorators of the flow class, attributes resolved (config values in place). */
  readonly flowDecorators?: readonly AppliedDecorator[];
  /** The run's configs by config name, as resolved when it started (also stored as artifacts of `_parameters`). */
  readonly configs?: Readonly<Record<string, unknown>>;
  /** For a resumed run: the run it reuses tasks from. */
  readonly originRunId?: string;
  /** For a local run of a flow with `@project`: its project and branch (`--branch`, `--production`). */
  readonly project?: ProjectInfo;
  /** The process that schedules the run's tasks: tells a running run from one whose scheduler died (see run-status.ts). */
  readonly scheduler?: SchedulerIdentity;
  /** For a run of a deployment (argo-workflows): which one, its project, and what started the run. */
  readonly deployment?: RunDeployment;
}

/** Where a run's scheduler runs. */
export interface SchedulerIdentity {
  /** Host name of its machine. */
  readonly host: string;
  readonly pid: number;
  /** When the scheduler process started (ISO). */
  readonly startedAt: string;
}

/** The deployment a run belongs to. */
export interface RunDeployment {
  readonly name: string;
  /** Production token: the run is in the namespace `production:<token>`. */
  readonly token: string;
  readonly project?: { readonly name: string; readonly branch: string; readonly production: boolean; readonly flowName: string };
  /** What started the run: an event (`{ name, payload }`), a schedule, or absent for a manual trigger. */
  readonly trigger?: Readonly<Record<string, unknown>>;
}

/** Written when a run ends (missing: still running, or the scheduler died). */
export interface RunEndRecord {
  readonly status: "succeeded" | "failed";
  readonly finishedAt: string;
  /** Pathspec of the task that failed, when one did. */
  readonly failedTask?: string;
  /** Why the run failed. */
  readonly reason?: string;
}

/** Run metadata storage: run ids, run records and ends. */
export interface MetadataProvider {
  /** Allocates a new run id for a flow, unique even among runs started at the same moment. */
  newRunId(flowName: string): Promise<string>;
  registerRun(record: RunRecord): Promise<void>;
  finishRun(flowName: string, runId: string, end: RunEndRecord): Promise<void>;
  getRun(flowName: string, runId: string): Promise<RunRecord | undefined>;
  getRunEnd(flowName: string, runId: string): Promise<RunEndRecord | undefined>;
  /** Records that the run's scheduler is alive at `at` (ISO); called every HEARTBEAT_INTERVAL_MS while it runs. */
  heartbeat(flowName: string, runId: string, at: string): Promise<void>;
  /** When the run's scheduler last wrote its heartbeat (ISO), if ever. */
  getHeartbeat(flowName: string, runId: string): Promise<string | undefined>;
  /** Run ids of a flow, newest first. */
  listRuns(flowName: string): Promise<string[]>;
  /** Flow names that have runs. */
  listFlows(): Promise<string[]>;
  /**
   * Changes a run's user tags atomically (remove, then add); concurrent updates never lose one
   * another. Refuses to remove system tags. Resolves to the user tags after the change.
   */
  updateTags(flowName: string, runId: string, change: TagChange): Promise<readonly string[]>;
}

/** A run's status as a listing reports it (`dead`: not ended, and its scheduler stopped sending heartbeats). */
export type RunListStatus = RunStatus;

/** Filters of {@link MetadataProvider.queryRuns}. */
export interface RunQuery {
  /** Only runs having every one of these tags (user or system tags). */
  readonly tags?: readonly string[];
  readonly user?: string;
  readonly status?: RunListStatus;
  /** Page size. */
  readonly limit: number;
  /** Cursor from a previous page's `next`. */
  readonly before?: string;
}

/** One run of a listing, with everything a listing shows. */
export interface RunListEntry {
  readonly record: RunRecord;
  readonly end?: RunEndRecord;
  readonly status: RunListStatus;
  /** When the run's scheduler last sent a heartbeat (ISO). */
  readonly heartbeatAt?: string;
}

/** A page of runs, newest first. */
export interface RunPage {
  readonly runs: readonly RunListEntry[];
  /** Cursor of the next page; absent on the last one. */
  readonly next?: string;
}

/** Identifies one attempt of one task. */
export interface AttemptRef {
  readonly flowName: string;
  readonly runId: string;
  readonly step: string;
  readonly taskId: string;
  readonly attempt: number;
}

/**
 * What a provider that indexes runs and watches them live (the metadata service) adds to
 * {@link MetadataProvider}. The embedded default keeps its records in the datastore and has none of these.
 */
export interface LiveMetadataProvider extends MetadataProvider {
  /** Runs of a flow matching `query`, newest first, one page (filtered and paged by the provider). */
  queryRuns(flowName: string, query: RunQuery): Promise<RunPage>;
  /** The run's status, `dead` when its heartbeats stopped before it ended; undefined when unknown. */
  runStatus(flowName: string, runId: string): Promise<RunListStatus | undefined>;
  /** Registers the start of a task attempt (`info`: where it runs, pid, job id...). */
  startAttempt(ref: AttemptRef, startedAt: string, info: Readonly<Record<string, unknown>>): Promise<void>;
  /** Says an attempt is alive. */
  heartbeatAttempt(ref: AttemptRef): Promise<void>;
  /** Records the end of an attempt. */
  endAttempt(ref: AttemptRef, status: "succeeded" | "failed", endedAt: string): Promise<void>;
  /** Deletes a run's records (`gc`, after its data); no error when absent. */
  deleteRun(flowName: string, runId: string): Promise<void>;
}

/** Whether `provider` indexes runs and watches them live. */
export function isLiveMetadataProvider(provider: MetadataProvider): provider is LiveMetadataProvider {
  return typeof (provider as Partial<LiveMetadataProvider>).queryRuns === "function";
}
