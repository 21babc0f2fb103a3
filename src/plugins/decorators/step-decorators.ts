/**
 * The built-in step decorators. Each records its attributes on the step; the scheduler and
 * the task runtime read them.
 * @module
 */
import { createStepDecorator } from "../../public/plugin.js";

/** Attributes of {@link retry}. */
export interface RetryAttributes {
  /** Number of retries after the first attempt (at most 4). @default 3 */
  readonly times?: number;
  /** Wait between attempts, in minutes. @default 2 */
  readonly minutesBetweenRetries?: number;
}

/**
 * Retries a failed step: `@retry` or `@retry({ times: 2, minutesBetweenRetries: 0 })`.
 * `current.retryCount` tells the attempt.
 */
export const retry = createStepDecorator<RetryAttributes>("retry", { attributes: ["times", "minutesBetweenRetries"] });

/** Attributes of {@link catchError}. */
export interface CatchErrorAttributes {
  /** Artifact that receives the exception. */
  readonly var?: string;
  /** Print the exception. @default true */
  readonly printException?: boolean;
}

/** Metaflow's `@catch`: once retries are exhausted, stores the exception and lets the flow go on. */
export const catchError = createStepDecorator<CatchErrorAttributes>("catchError", { attributes: ["var", "printException"] });

/** Attributes of {@link timeout}. */
export interface TimeoutAttributes {
  readonly seconds?: number;
  readonly minutes?: number;
  readonly hours?: number;
}

/** Fails the step when it runs longer than the sum of the given durations. */
export const timeout = createStepDecorator<TimeoutAttributes>("timeout", { attributes: ["seconds", "minutes", "hours"] });

/** Attributes of {@link resources}. */
export interface ResourcesAttributes {
  readonly cpu?: number;
  readonly memory?: number;
  readonly gpu?: number;
  readonly disk?: number;
}

/** Declares what a step needs (used by remote compute backends; recorded locally). */
export const resources = createStepDecorator<ResourcesAttributes>("resources", { attributes: ["cpu", "memory", "gpu", "disk"] });

/** Attributes of {@link environment}. */
export interface EnvironmentAttributes {
  readonly vars?: Readonly<Record<string, string>>;
}

/** Sets environment variables for the step's process. */
export const environment = createStepDecorator<EnvironmentAttributes>("environment", { attributes: ["vars"] });

/** Attributes of {@link card}. */
export interface CardAttributes {
  /** `"default"` (artifacts, parameters, graph, timings and what the step appends) or `"blank"` (only what it appends). @default "default" */
  readonly type?: "default" | "blank" | (string & {});
  /** Names the card when a step has several: `current.card.get(id)`, `card get --id`. */
  readonly id?: string;
  /** Least time between two stored `current.card.refresh()` renders, in seconds. @default 1 */
  readonly refreshInterval?: number;
  /** Longest a render may take, in seconds; then the card says it timed out. @default 45 */
  readonly timeout?: number;
  /** Makes this the step's default card (the one `current.card.append` adds to) when it has several. @default false */
  readonly customize?: boolean;
}

/**
 * Attaches an HTML report card to the step (`@card`, `@card({ type: "blank", id: "training" })`);
 * several `@card` with different ids give several cards. Read them with `metaflow-ts card get`,
 * `task.cards()` or the UI.
 */
export const card = createStepDecorator<CardAttributes>("card");

/** Attributes of {@link slurm}. */
export interface SlurmAttributes {
  /** Slurm partition (default: `$METAFLOW_SLURM_PARTITION`, else the cluster's default). */
  readonly partition?: string;
  readonly account?: string;
  readonly qos?: string;
  /** Wall-clock limit in Slurm's `--time` format (e.g. `"30"`, `"1:00:00"`). */
  readonly time?: string;
  readonly cpu?: number;
  /** Memory in MB. */
  readonly memory?: number;
  readonly gpu?: number;
}

/** Runs the step as a Slurm job (`@slurm` or `@slurm({ partition: "gpu" })`). */
export const slurm = createStepDecorator<SlurmAttributes>("slurm");

/** Attributes of {@link kubernetes}. */
export interface KubernetesAttributes {
  /** Container image (default: `$METAFLOW_KUBERNETES_CONTAINER_IMAGE`). */
  readonly image?: string;
  /** Namespace (default: `$METAFLOW_KUBERNETES_NAMESPACE`, else `default`). */
  readonly namespace?: string;
  readonly cpu?: number;
  /** Memory in MB. */
  readonly memory?: number;
  /** Ephemeral disk in MB. */
  readonly disk?: number;
  readonly gpu?: number;
  readonly serviceAccount?: string;
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly tolerations?: readonly Readonly<Record<string, unknown>>[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** Names of Kubernetes secrets whose keys become environment variables. */
  readonly secrets?: readonly string[];
}

/** Runs the step as a Kubernetes Job (`@kubernetes` or `@kubernetes({ image, cpu })`). */
export const kubernetes = createStepDecorator<KubernetesAttributes>("kubernetes");

/** Attributes of {@link npm} (and of the flow-level `npmBase`). */
export interface NpmAttributes {
  /** npm packages and version ranges the step imports: `{ lodash: "4.17.21", "apache-arrow": "^21" }`. */
  readonly packages?: Readonly<Record<string, string>>;
}

/** Gives the step exactly these npm packages (merged over the flow's `@npmBase`; the step wins). */
export const npm = createStepDecorator<NpmAttributes>("npm");
