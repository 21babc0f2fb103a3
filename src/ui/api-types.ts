/**
 * The JSON the UI server's API returns (documented in docs/ui-api.md). Shared by the server and
 * the browser app; pure types. Times are ISO-8601 strings, durations milliseconds.
 * @module
 */

/** A run's state: `running` until its end record exists; `dead` when the metadata service saw its scheduler stop first. */
export type RunStatus = "running" | "succeeded" | "failed" | "dead";
/** A step's state in a run, from its tasks. */
export type StepStatus = "pending" | "running" | "succeeded" | "failed";
/** A task attempt's state. */
export type TaskStatus = "running" | "succeeded" | "failed";

/** An error the API reports, for the whole request or for one object in a list. */
export interface ApiError {
  /** A stable code (`NOT_FOUND`, `BAD_REQUEST`, `DATA_CORRUPTION`...). */
  readonly code: string;
  readonly message: string;
}

/** `GET /api/flows` */
export interface FlowsResponse {
  readonly flows: readonly FlowSummary[];
}

/** A flow and its newest run (in the namespace the server shows). */
export interface FlowSummary {
  readonly name: string;
  readonly latestRun?: RunSummary;
  /** Set when the flow's runs could not be read. */
  readonly error?: ApiError;
}

/** A run as lists show it. */
export interface RunSummary {
  readonly flowName: string;
  readonly runId: string;
  readonly pathspec: string;
  readonly status: RunStatus;
  readonly user: string;
  /** User tags (changeable). */
  readonly tags: readonly string[];
  /** Tags metaflow-ts set (`user:alice`, `runtime:node-20`...). */
  readonly systemTags: readonly string[];
  readonly createdAt: string;
  readonly endedAt?: string;
  /** Until now for a running run. */
  readonly durationMs: number;
  readonly originRunId?: string;
  readonly failure?: { readonly task?: string; readonly reason?: string };
}

/** `GET /api/flows/:flow/runs` */
export interface RunsResponse {
  readonly runs: readonly RunSummary[];
  /** Pass as `?cursor=` for the next page; absent on the last page. */
  readonly nextCursor?: string;
}

/** `GET /api/runs/:flow/:run` */
export interface RunDetail {
  readonly run: RunSummary;
  readonly flowFile: string;
  readonly graph: readonly GraphStep[];
  /** Parameter values (and included files), by name; values previewed. */
  readonly parameters: readonly ValuePreview[];
  /** Configs as resolved when the run started, by name; values previewed. */
  readonly configs: readonly ValuePreview[];
  /** Set when the parameters could not be read (the rest of the run still shows). */
  readonly parametersError?: ApiError;
}

/** A step of the run's graph. */
export interface GraphStep {
  readonly name: string;
  /** `linear`, `branch`, `foreach`, `switch`, `end` (how the step continues). */
  readonly kind: "linear" | "branch" | "foreach" | "switch" | "end";
  /** The steps it continues to (for a switch: every case). */
  readonly next: readonly string[];
  readonly join: boolean;
  /** For a foreach step: the artifact it splits over. */
  readonly foreachOver?: string;
  readonly doc?: string;
}

/** `GET /api/runs/:flow/:run/tasks`: every task of the run and every step's state. */
export interface RunTasksResponse {
  readonly steps: readonly StepState[];
  readonly tasks: readonly TaskSummary[];
}

/** A step's state from its tasks. */
export interface StepState {
  readonly name: string;
  readonly status: StepStatus;
  readonly tasks: number;
  readonly running: number;
  readonly succeeded: number;
  readonly failed: number;
}

/** A task (its latest attempt) and all its attempts. */
export interface TaskSummary {
  readonly pathspec: string;
  readonly stepName: string;
  readonly taskId: string;
  readonly status: TaskStatus;
  /** Index in the innermost foreach. */
  readonly index?: number;
  readonly attempts: readonly AttemptInfo[];
  /** For a task reused by resume: the task it reuses. */
  readonly origin?: string;
  /** Set when the task's records could not be read. */
  readonly error?: ApiError;
}

/** One attempt of a task. */
export interface AttemptInfo {
  readonly attempt: number;
  readonly status: TaskStatus;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly error?: { readonly name: string; readonly message: string };
}

/** `GET /api/tasks/:flow/:run/:step/:task` */
export interface TaskDetail {
  readonly task: TaskSummary;
  /** The attempt shown (`?attempt=`, default the latest). */
  readonly attempt: number;
  readonly foreachStack: readonly { readonly step: string; readonly index: number; readonly count?: number }[];
  readonly artifacts: readonly ArtifactPreview[];
  readonly exception?: { readonly name: string; readonly message: string; readonly stack?: string };
}

/** A value shown as text: its type and a preview, cut at a size limit. */
export interface ValuePreview {
  readonly name: string;
  readonly type: string;
  /** The value as text (JSON-like); cut when long. */
  readonly preview: string;
  /** True when `preview` is not the whole value. */
  readonly truncated: boolean;
  /** Set when the value could not be read; `preview` is then empty. */
  readonly error?: ApiError;
}

/** An artifact of a task. */
export interface ArtifactPreview extends ValuePreview {
  /** Size of the stored bytes. */
  readonly size: number;
  readonly sha: string;
}

/** `GET /api/tasks/:flow/:run/:step/:task/logs/:stream` */
export interface LogResponse {
  /** The log from `?offset=` (characters) to its current end. */
  readonly text: string;
  /** Pass as `?offset=` to get only what was printed since. */
  readonly offset: number;
  /** True once the attempt has ended: the log will not grow. */
  readonly complete: boolean;
}

/** `GET /api/tasks/:flow/:run/:step/:task/cards` */
export interface CardsResponse {
  /** False when this metaflow-ts has no card support in its client. */
  readonly supported: boolean;
  readonly cards: readonly { readonly id?: string; readonly type: string; readonly html: string }[];
}

/** `POST /api/runs/:flow/:run/tags` body. */
export interface TagChangeRequest {
  readonly add?: readonly string[];
  readonly remove?: readonly string[];
}

/** `POST /api/runs/:flow/:run/tags` response. */
export interface TagsResponse {
  readonly tags: readonly string[];
}
