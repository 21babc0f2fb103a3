/**
 * metaflow-ts: write a workflow as a class of `@step` methods, run it locally with one
 * command, and get every run, task and artifact versioned.
 *
 * @example
 * ```ts
 * import { FlowSpec, step, main } from "metaflow-ts";
 * export default class HelloFlow extends FlowSpec {
 *   @step start() { this.next(this.end); }
 *   @step end() { console.log("done"); }
 * }
 * main(import.meta, HelloFlow);
 * ```
 * @module
 */

// Authoring
export { FlowSpec } from "../flow/flow-spec.js";
export type { StepRef } from "../flow/flow-spec.js";
export { step } from "../flow/step.js";
export type { Inputs } from "../flow/inputs.js";
export { Parameter } from "../flow/parameter.js";
export type { ParameterOptions, ParameterContext, ParameterType } from "../flow/parameter.js";
export { IncludeFile } from "../flow/include-file.js";
export type { IncludeFileOptions } from "../flow/include-file.js";
export { Config } from "../config/config-declaration.js";
export type { ConfigOptions, ConfigContext, ConfigParser, ConfigParserFunction, ConfigData, DeepReadonly } from "../config/config-declaration.js";
export { configExpr } from "../config/deferred-value.js";
export type { ConfigValues } from "../config/deferred-value.js";
export { current } from "../flow/current.js";
export type { Current } from "../flow/current.js";
export type { ForeachStackFrame, MergeOptions } from "../flow/task-binding.js";
export { main } from "./main.js";
export type { CardComponent, CardHandle, CurrentCard } from "../flow/card-api.js";
/** The card components of `metaflow-ts/cards` (import them from there); here so that a flow's code package finds them. */
export * as cards from "./cards.js";
/** The extension points of `metaflow-ts/plugin` (import them from there); here so that a flow's code package finds them. */
export * as plugin from "./plugin.js";

// Built-in decorators
export { retry, catchError, timeout, resources, environment, card, slurm, kubernetes, npm } from "../plugins/decorators/step-decorators.js";
export type { RetryAttributes, CatchErrorAttributes, TimeoutAttributes, ResourcesAttributes, EnvironmentAttributes, CardAttributes, SlurmAttributes, KubernetesAttributes, NpmAttributes } from "../plugins/decorators/step-decorators.js";
export { schedule, project, trigger, triggerOnFinish, npmBase } from "../plugins/decorators/flow-decorators.js";
export type { TriggerEvent } from "../plugins/decorators/flow-decorators.js";

// Errors
export { MetaflowError, NotFoundError, InternalError, ErrorCode } from "../errors.js";
export type { SourceLocation } from "../errors.js";

// Client and Runner
export { Flow, Run, Step, Task, namespace, getNamespace } from "./client.js";
export type { ArtifactInfo, LogOptions, CodePackage, RunStatus, Card, StepEnvironment } from "./client.js";
export { Runner, RunningFlow } from "./runner.js";
export { Deployer, DeployedFlow, TriggeredRun } from "./deployer.js";
export type { DeployerOptions, ArgoWorkflowsOptions } from "./deployer.js";
export type { RunnerOptions, RunnerResult, RunnerResumeOptions, SweepOptions, SweepResult, SweepVariant, RunEvent, TaskRef } from "./runner.js";
