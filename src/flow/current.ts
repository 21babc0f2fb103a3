/**
 * `current`: facts about the running task, available inside a step. Backed by
 * AsyncLocalStorage; only the task runtime sets it.
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { ErrorCode, MetaflowError } from "../errors.js";
import type { CardHandle, CurrentCard } from "./card-api.js";

/** @internal What the task runtime provides to `current`. */
export interface CurrentContext {
  readonly flowName: string;
  readonly runId: string;
  readonly stepName: string;
  readonly taskId: string;
  readonly retryCount: number;
  readonly maxRetries: number;
  readonly username: string;
  readonly namespace: string;
  readonly tags: readonly string[];
  /** The fields of the flow's parameters. */
  readonly parameterNames?: readonly string[];
  /** The task's cards (the task runtime always sets it). */
  readonly card?: CurrentCard;
  readonly originRunId?: string;
  readonly project?: { readonly name: string; readonly branch: string; readonly production: boolean; readonly flowName: string };
  readonly trigger?: Readonly<Record<string, unknown>>;
}

/** @internal */
export const currentStorage = new AsyncLocalStorage<CurrentContext>();

function get(): CurrentContext {
  const ctx = currentStorage.getStore();
  if (ctx === undefined) {
    throw new MetaflowError(ErrorCode.UsageError, "`current` is only available while a step runs; read it inside a @step method (check `current.isRunning` first elsewhere).");
  }
  return ctx;
}

/** Facts about the running task. Reading a field outside a running step throws; `isRunning` never does. */
export interface Current {
  readonly isRunning: boolean;
  readonly flowName: string;
  readonly runId: string;
  readonly stepName: string;
  readonly taskId: string;
  /** `Flow/run/step/task` */
  readonly pathspec: string;
  /** 0 on the first attempt, 1 on the first retry, ... */
  readonly retryCount: number;
  readonly username: string;
  /** `user:<username>` */
  readonly namespace: string;
  /** The run's user tags (`--tag`), as at its start; system tags (`user:`, `runtime:`...) are not among them. */
  readonly tags: readonly string[];
  /** The flow's parameters, by the field that holds each (`this.<field>`); configs, included files and other fields are not among them. */
  readonly parameterNames: readonly string[];
  /**
   * The step's cards: `current.card.append(Markdown("# Hi"))`, `current.card.refresh()`,
   * `current.card.get("id")`. Components come from `metaflow-ts/cards`.
   */
  readonly card: CurrentCard;
  /** Where this task runs: `"local"`, `"slurm"` (a Slurm job) or `"kubernetes"` (a pod). */
  readonly compute: string;
  /** In a resumed run: the id of the run it resumes (undefined otherwise). */
  readonly originRunId: string | undefined;
  /** `@project` name, when the flow has one. */
  readonly projectName: string | undefined;
  /** The project branch: `user.<name>` (default), `test.<branch>` (`--branch`), `prod` (`--production`). */
  readonly branchName: string | undefined;
  /** True in a production deployment (`--production`). */
  readonly isProduction: boolean;
  /** `<project>.<branch>.<Flow>` */
  readonly projectFlowName: string | undefined;
  /** What started a deployed run: `{ type: "event", name, payload }`, `{ type: "schedule", cron }`; undefined when started by hand or locally. */
  readonly trigger: Readonly<Record<string, unknown>> | undefined;
}

const noCard: CardHandle = Object.freeze({ id: undefined, type: "detached", components: [], append() {}, clear() {}, refresh() {} });
const noCards: CurrentCard = Object.freeze({ ...noCard, all: [], get: () => noCard });

/**
 * Facts about the running task.
 *
 * @example
 * ```ts
 * @step start() { console.log(`${current.pathspec} attempt ${current.retryCount}`); this.next(this.end); }
 * ```
 */
export const current: Current = Object.freeze({
  get isRunning() {
    return currentStorage.getStore() !== undefined;
  },
  get flowName() {
    return get().flowName;
  },
  get runId() {
    return get().runId;
  },
  get stepName() {
    return get().stepName;
  },
  get taskId() {
    return get().taskId;
  },
  get pathspec() {
    const c = get();
    return `${c.flowName}/${c.runId}/${c.stepName}/${c.taskId}`;
  },
  get retryCount() {
    return get().retryCount;
  },
  get username() {
    return get().username;
  },
  get namespace() {
    return get().namespace;
  },
  get tags() {
    return get().tags;
  },
  get parameterNames() {
    return get().parameterNames ?? [];
  },
  get card() {
    return get().card ?? noCards;
  },
  get compute() {
    get();
    // Set by the remote backends in the job's environment.
    return process.env.METAFLOW_TS_COMPUTE ?? "local";
  },
  get originRunId() {
    return get().originRunId;
  },
  get projectName() {
    return get().project?.name;
  },
  get branchName() {
    return get().project?.branch;
  },
  get isProduction() {
    return get().project?.production ?? false;
  },
  get projectFlowName() {
    return get().project?.flowName;
  },
  get trigger() {
    return get().trigger;
  },
});
