/**
 * What a third-party plugin is: a module whose default export is a {@link MetaflowPlugin}, made
 * with {@link definePlugin}. The object only lists the plugin's parts; the program that loads it
 * (`metaflow-ts --plugin`, `METAFLOW_TS_PLUGINS`, `Runner({ plugins })`) registers them in every
 * process and thread where the run's code runs.
 * @module
 */
import type { CardRenderer } from "../flow/card-renderer.js";
import type { StepDecoratorImplementation } from "../flow/decorator-behaviour.js";
import type { StorageFactory } from "../datastore/storage-registry.js";
import type { MetadataFactory } from "../metadata/metadata-registry.js";
import type { ComputeProvider } from "../protocol/compute.js";
import type { DeployerFactory } from "../protocol/deployer.js";
import type { EnvironmentProvider } from "../protocol/environment.js";
import { validatePlugin } from "./validate-plugin.js";

/** A third-party plugin: the backends and decorators it adds. @experimental */
export interface MetaflowPlugin {
  /** Shown in errors and listings, e.g. `acme-cluster`. */
  readonly name: string;
  /**
   * Where tasks import the plugin from, when it is handed to a `Runner` or `Deployer` as an object:
   * set it to `import.meta.url`. Not needed for a plugin named by its module (`--plugin`, a string in `plugins`).
   */
  readonly module?: string;
  /** Storage backends by URL scheme: `{ myfs: (root) => new MyStorage(root) }` serves `--datastore-root myfs://...`. */
  readonly storage?: Readonly<Record<string, StorageFactory>>;
  /** Metadata providers (the newest registered one that accepts the environment records runs). */
  readonly metadata?: readonly MetadataFactory[];
  /** Compute backends, each selected by the step decorator of its name (`@mycluster`, `--with mycluster`). */
  readonly compute?: readonly ComputeProvider[];
  /** Behaviours of step decorators (`wrapTask`, `validate`); `--with NAME` accepts their names. */
  readonly stepDecorators?: readonly StepDecoratorImplementation[];
  /** Card types for `@card({ type })`. */
  readonly cardRenderers?: readonly CardRenderer[];
  /** Production schedulers, opened by name (`Deployer#deploy(name)`). */
  readonly deployers?: readonly DeployerFactory[];
  /**
   * The provider of per-step environments: replaces the built-in `@npm` provider in runs that load
   * this plugin (at most one loaded plugin may have one).
   */
  readonly environment?: EnvironmentProvider;
}

/**
 * Declares a plugin: the default export of a plugin module. Checks the shape at once and throws a
 * MetaflowError naming the bad field.
 *
 * @example
 * ```ts
 * import { definePlugin } from "metaflow-ts/plugin";
 * export default definePlugin({ name: "acme", compute: [acmeProvider], storage: { acme: (root) => new AcmeStorage(root) } });
 * ```
 */
export function definePlugin<P extends MetaflowPlugin>(plugin: P): P {
  validatePlugin(plugin, "definePlugin()");
  return plugin;
}
