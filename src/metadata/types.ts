/**
 * Run-level metadata records. Pure types.
 * @module
 */
import type { AppliedDecorator } from "../flow/metadata-keys.js";
import type { FlowGraph } from "../graph/types.js";
import type { TagChange } from "./tag-change.js";

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
  /** For a run of a deployment (argo-workflows): which one, its project, and what started the run. */
  readonly deployment?: RunDeployment;
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
