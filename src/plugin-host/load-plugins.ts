/**
 * Loads third-party plugins and registers their parts in this process (or worker thread): storage
 * schemes, metadata providers, deployers, card types and step decorators go to the registries the
 * runtime reads; compute providers and an environment provider are handed back for the
 * composition root to give the scheduler. Each module is imported and registered once per
 * process; a module that is missing or has no valid default export is a MetaflowError naming it.
 * @module
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ErrorCode, MetaflowError } from "../errors.js";
import { registerStorage } from "../datastore/storage-registry.js";
import { registerMetadata } from "../metadata/metadata-registry.js";
import { registerDeployer } from "../deploy/deployer-registry.js";
import { registerCardRenderer } from "../flow/card-renderer-registry.js";
import { createStepDecorator, knownStepDecorators } from "../flow/step-decorator.js";
import { registerUserStepDecorator } from "../flow/user-step-decorators.js";
import type { ComputeProvider } from "../protocol/compute.js";
import type { EnvironmentProvider } from "../protocol/environment.js";
import type { TaskPlugin } from "../protocol/task-spec.js";
import { fileURLToPath } from "node:url";
import type { MetaflowPlugin } from "./plugin-definition.js";
import { pluginError, resolvePluginModule } from "./resolve-plugin-module.js";
import { pluginSpecifiersFromEnv, taskSpecifier } from "./plugin-specifiers.js";
import { validatePlugin } from "./validate-plugin.js";

/** A plugin to load: a module specifier (path or package name) or the plugin object itself. */
export type PluginSource = string | MetaflowPlugin;

/** The plugins of a run, loaded and registered in this process. */
export interface ActivePlugins {
  readonly plugins: readonly MetaflowPlugin[];
  /** What every task loads (TaskSpec.plugins). */
  readonly forTasks: readonly TaskPlugin[];
  /** Their compute backends, to be given to the scheduler ahead of the built-in ones. */
  readonly computeProviders: readonly ComputeProvider[];
  /** The environment provider one of them replaces the built-in one with, if any. */
  readonly environment?: EnvironmentProvider;
}

/** Options of {@link loadPlugins}. */
export interface LoadPluginsOptions {
  /** Where relative paths and package names resolve from. @default process.cwd() */
  readonly cwd?: string;
}

const imported = new Map<string, Promise<MetaflowPlugin>>();
const registered = new WeakSet<MetaflowPlugin>();

/**
 * Loads plugins (module specifiers or plugin objects) and registers their parts in this process;
 * idempotent. Call it in a program of your own before it reads runs stored by a plugin's backend
 * (`await loadPlugins(["acme-metaflow"])`, or with no argument: the modules `METAFLOW_TS_PLUGINS` names).
 */
export async function loadPlugins(sources?: readonly PluginSource[], options: LoadPluginsOptions = {}): Promise<ActivePlugins> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const list = sources ?? pluginSpecifiersFromEnv(process.env);
  const plugins: MetaflowPlugin[] = [];
  const forTasks: TaskPlugin[] = [];
  for (const source of list) {
    let plugin: MetaflowPlugin;
    let ref: TaskPlugin | undefined;
    if (typeof source === "string") {
      const url = resolvePluginModule(source, cwd);
      plugin = await importPlugin(source, url);
      ref = { module: taskSpecifier(source, cwd), file: fileURLToPath(url) };
    } else {
      plugin = validatePlugin(source, `plugin object ${describeObject(source)}`);
      ref = objectReference(plugin);
    }
    if (plugins.includes(plugin)) continue;
    plugins.push(plugin);
    if (ref !== undefined) forTasks.push(ref);
  }
  const environments = plugins.filter((p) => p.environment !== undefined);
  if (environments.length > 1) {
    throw new MetaflowError(ErrorCode.PluginError, `Plugins ${environments.map((p) => p.name).join(" and ")} both provide an environment provider; load only one of them.`);
  }
  for (const plugin of plugins) register(plugin);
  const environment = environments[0]?.environment;
  return { plugins, forTasks, computeProviders: plugins.flatMap((p) => p.compute ?? []), ...(environment === undefined ? {} : { environment }) };
}

/** Imports and validates a plugin module (once per resolved file). */
function importPlugin(specifier: string, url: string): Promise<MetaflowPlugin> {
  let loading = imported.get(url);
  if (loading === undefined) {
    loading = import(url).then(
      (mod: { default?: unknown }) => {
        if (mod.default === undefined) throw pluginError(specifier, "it has no default export. End it with `export default definePlugin({ name, ... })` (metaflow-ts/plugin).");
        return validatePlugin(mod.default, `Plugin module '${specifier}'`);
      },
      async (e: unknown) => {
        const where = e instanceof SyntaxError ? await syntaxErrorLocation(url) : locationIn(e);
        throw pluginError(specifier, `importing it failed${where === undefined ? "" : ` at ${where}`}: ${e instanceof Error ? e.message : String(e)}`, e);
      },
    );
    imported.set(url, loading);
  }
  return loading;
}

/** Where tasks import a plugin given as an object from; refused when tasks need it and it says nowhere. */
function objectReference(plugin: MetaflowPlugin): TaskPlugin | undefined {
  if (plugin.module !== undefined) return { module: taskSpecifier(plugin.module, process.cwd()) };
  const inTasks = (["storage", "metadata", "stepDecorators", "cardRenderers", "environment"] as const).filter((k) => plugin[k] !== undefined);
  if (inTasks.length === 0) return undefined;
  throw new MetaflowError(
    ErrorCode.PluginError,
    `Plugin object '${plugin.name}' has parts that run inside tasks (${inTasks.join(", ")}), which load plugins by module: set \`module: import.meta.url\` in its definePlugin({...}), or pass its module specifier instead of the object.`,
  );
}

function register(plugin: MetaflowPlugin): void {
  if (registered.has(plugin)) return;
  registered.add(plugin);
  for (const [scheme, factory] of Object.entries(plugin.storage ?? {})) registerStorage(scheme, factory);
  for (const factory of plugin.metadata ?? []) registerMetadata(factory);
  for (const factory of plugin.deployers ?? []) registerDeployer(factory);
  for (const renderer of plugin.cardRenderers ?? []) registerCardRenderer(renderer);
  // Run by the task runtime like a decorator the flow created, and known to `--with NAME`.
  for (const impl of plugin.stepDecorators ?? []) {
    registerUserStepDecorator(impl);
    knowDecorator(impl.name);
  }
  for (const provider of plugin.compute ?? []) knowDecorator(provider.name);
}

/** Makes `--with NAME` accept a decorator name (with any attributes) unless a decorator of that name exists already. */
function knowDecorator(name: string): void {
  if (!knownStepDecorators().has(name)) createStepDecorator(name);
}

/** `file:line` of the first module file in an error's stack (where a plugin's code threw, or its syntax error). */
function locationIn(e: unknown): string | undefined {
  const m = /(file:\/\/[^\s)]+?):(\d+)/.exec(e instanceof Error ? (e.stack ?? "") : "");
  return m === null ? undefined : `${fileURLToPath(m[1] as string)}:${m[2]}`;
}

/** `file:line` of a syntax error in a plugin's file (Node's error for an ES module does not say where): esbuild parses it again. */
async function syntaxErrorLocation(url: string): Promise<string | undefined> {
  const file = fileURLToPath(url);
  try {
    const { transform } = await import("esbuild");
    await transform(await readFile(file, "utf8"), { loader: "js", format: "esm" });
    return undefined;
  } catch (e) {
    const line = (e as { errors?: { location?: { line?: number } | null }[] }).errors?.[0]?.location?.line;
    return line === undefined ? undefined : `${file}:${line}`;
  }
}

function describeObject(v: unknown): string {
  const name = (v as { name?: unknown } | null)?.name;
  return typeof name === "string" ? `'${name}'` : "(unnamed)";
}
