/**
 * Extension points of metaflow-ts: user-defined step and flow decorators, storage backends
 * (registered per URL scheme), metadata providers, compute backends, environments, deployers
 * (production schedulers), serializers and card renderers. Conformance suites that check a backend
 * are in `metaflow-ts/testing`. A plugin module default-exports `definePlugin({...})` and is
 * loaded with `--plugin`, `METAFLOW_TS_PLUGINS` or `Runner({ plugins })`. @experimental: these
 * interfaces may still change.
 * @module
 */
export { createStepDecorator, createFlowDecorator, type StepDecoratorOptions, type FlowDecoratorOptions } from "../flow/step-decorator.js";
export type { MutableFlow } from "../flow/flow-mutation.js";
export type { StepDecoratorFunction, FlowDecoratorFunction } from "../flow/step-decorator.js";
export type { AppliedDecorator } from "../flow/metadata-keys.js";
export type { StorageBackend, StorageEntry } from "../datastore/storage.js";
export { registerStorage, openStorage, storageScheme, type StorageFactory } from "../datastore/storage-registry.js";
export { registerMetadata, type MetadataFactory } from "../metadata/metadata-registry.js";
export { openDatastore, type OpenDatastore } from "../datastore/open-datastore.js";
export type { Serializer } from "../datastore/serializers/serializer.js";
export type { MetadataProvider, RunRecord, RunEndRecord, LiveMetadataProvider, RunQuery, RunPage, RunListEntry, RunListStatus, AttemptRef } from "../metadata/types.js";
export type { StepDecoratorImplementation, StepTaskContext, StepValidateContext } from "../flow/decorator-behaviour.js";
export { registerCardRenderer } from "../flow/card-renderer-registry.js";
export type { CardRenderer, CardRenderInput, CardTaskInfo, CardTaskStatus, CardArtifact } from "../flow/card-renderer.js";
export type { CardComponent, CardHandle, CurrentCard } from "../flow/card-api.js";
export type {
  ComputeBackend,
  ComputeExit,
  ComputeHandle,
  ComputeLineListener,
  ComputeProvider,
  ComputeResources,
  ComputeRunContext,
  ComputeStep,
  ComputeTask,
} from "../protocol/compute.js";
export type { EnvironmentProvider, EnvironmentPrepareContext, EnvironmentMaterializeContext, RunEnvironments, StepEnvironment, PlannedEnvironment } from "../protocol/environment.js";
export type {
  Deployer,
  DeployerFactory,
  DeployEnv,
  DeployOptions,
  DeployRequest,
  Deployment,
  DeploymentQuery,
  CreatedDeployment,
  DeployedRunStatus,
  DeployedRunAction,
} from "../protocol/deployer.js";
export { registerDeployer, openDeployer, deployerNames } from "../deploy/deployer-registry.js";
export { definePlugin, type MetaflowPlugin } from "../plugin-host/plugin-definition.js";
export { loadPlugins, type PluginSource, type ActivePlugins, type LoadPluginsOptions } from "../plugin-host/load-plugins.js";
