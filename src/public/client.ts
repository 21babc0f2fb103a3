/**
 * The client API: read past runs, their steps, tasks, artifacts and logs; tag runs.
 *
 * @example
 * ```ts
 * import { Flow, namespace } from "metaflow-ts/client";
 * namespace(null);
 * const run = await (await Flow.get("HelloFlow")).latestSuccessfulRun();
 * console.log(await run?.data());
 * ```
 * @module
 */
import { registerBuiltinBackends } from "../plugins/index.js";
import { applyProfile } from "../profile/profile.js";

// A composition root: the client reads whichever datastore root is in effect (flags or environment,
// else the profile selected by METAFLOW_PROFILE), through the built-in backends.
registerBuiltinBackends();
applyProfile();

export { Flow } from "../client/flow.js";
export { Run } from "../client/run.js";
export type { RunFilter, RunListPage } from "../client/run-listing.js";
export type { AttemptSummary } from "../client/task-attempts.js";
export type { CodePackage } from "../client/run-inputs.js";
export type { RunStatus } from "../metadata/run-status.js";
export { Step } from "../client/step.js";
export { Task } from "../client/task.js";
export type { ArtifactInfo, LogOptions } from "../client/task.js";
export type { Card } from "../client/card.js";
export type { StepEnvironment } from "../protocol/environment.js";
export { namespace, getNamespace } from "../client/namespace.js";
