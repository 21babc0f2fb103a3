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
export const retry = createStepDecorator<RetryAttributes>("retry");

/** Attributes of {@link catchError}. */
export interface CatchErrorAttributes {
  /** Artifact that receives the exception. */
  readonly var?: string;
  /** Print the exception. @default true */
  readonly printException?: boolean;
}

/** Metaflow's `@catch`: once retries are exhausted, stores the exception and lets the flow go on. */
export const catchError = createStepDecorator<CatchErrorAttributes>("catchError");

/** Attributes of {@link timeout}. */
export interface TimeoutAttributes {
  readonly seconds?: number;
  readonly minutes?: number;
  readonly hours?: number;
}

/** Fails the step when it runs longer than the sum of the given durations. */
export const timeout = createStepDecorator<TimeoutAttributes>("timeout");

/** Attributes of {@link resources}. */
export interface ResourcesAttributes {
  readonly cpu?: number;
  readonly memory?: number;
  readonly gpu?: number;
  readonly disk?: number;
}

/** Declares what a step needs (used by remote compute backends; recorded locally). */
export const resources = createStepDecorator<ResourcesAttributes>("resources");

/** Attributes of {@link environment}. */
export interface EnvironmentAttributes {
  readonly vars?: Readonly<Record<string, string>>;
}

/** Sets environment variables for the step's process. */
export const environment = createStepDecorator<EnvironmentAttributes>("environment");

/** Attributes of {@link card}. */
export interface CardAttributes {
  readonly type?: string;
  readonly id?: string;
}

/** Attaches a report card to the step. */
export const card = createStepDecorator<CardAttributes>("card");
