/**
 * Exit codes of the CLI and of task processes.
 * @module
 */

/** Exit codes the CLI returns to the user. */
export const CliExit = {
  Ok: 0,
  /** The run failed, or lint found errors. */
  Failed: 1,
  /** Bad command line. */
  Usage: 2,
  /** A bug in metaflow-ts. */
  Internal: 3,
} as const;

/** Exit codes of a task process (internal: never shown to the user as such). */
export const TaskExit = {
  Ok: 0,
  /** The step raised; retry if the step allows it. */
  Failed: 1,
  /** Failed in a way a retry cannot fix (e.g. invalid transition). */
  DisallowRetry: 202,
} as const;
