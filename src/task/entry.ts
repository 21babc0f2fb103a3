/**
 * Running a task from its TaskSpec: decodes argv, runs the task, prints a failure for the
 * scheduler to stream, and gives the TaskExit code. Used by the process entry
 * (process-entry.ts, `metaflow-ts step ...`) and the thread entry (thread-entry.ts).
 *
 * This file is the composition root of a task: it hands the public API to the flow's code package.
 * @module
 */
import path from "node:path";
import * as api from "../public/index.js";
import { importFlowClass } from "../loader/import-code-package.js";
import { codeModuleUrl, enableEnvImports } from "../loader/env-imports.js";
import { openStorage } from "../datastore/storage-registry.js";
import { builtinCardRenderers, builtinStepDecorators, registerBuiltinBackends } from "../plugins/index.js";
import { npmEnvironments } from "../plugins/environments/index.js";
import { tagStderrLines, tagStderrVariable } from "../plugins/compute/kubernetes/stderr-tags.js";
import { TaskExit } from "../protocol/exit-codes.js";
import type { EnvironmentProvider } from "../protocol/environment.js";
import { moduleToLoad, pluginSpecifiersFromEnv } from "../plugin-host/plugin-specifiers.js";
// Static: the task thread's runtime is one bundle, whose registries the plugins must fill (a
// dynamic import would load a second copy of them from dist/).
import { loadPlugins } from "../plugin-host/load-plugins.js";
import { decodeTaskSpec, type TaskPlugin, type TaskSpec } from "../protocol/task-spec.js";
import type { FlowClass } from "../flow/flow-class.js";
import { describeFailure } from "./describe-failure.js";
import { runTask, type FlowClassLoader } from "./run-task.js";

registerBuiltinBackends();

/** Runs a task from argv (`[flowFile, step, ...taskArgv]`) and resolves to the process exit code. */
export async function taskMain(argv: readonly string[]): Promise<number> {
  const [, step, ...rest] = argv;
  if (step === undefined) throw new Error("usage: metaflow-ts step <flow-file> <step> --run-id ... (internal command)");
  // In a Kubernetes container, stderr shares the log with stdout: its lines are tagged for the backend.
  if (process.env[tagStderrVariable] === "1") tagStderrLines();
  return runTaskSpec(decodeTaskSpec(step, rest));
}

/** Imports the flow class of a code package (a path, or a URL: a new URL is a new instance) with the public API this task process provides. */
export function loadFlowClass(modulePath: string | URL, flowFile: string): Promise<FlowClass> {
  return importFlowClass(modulePath, api, flowFile);
}

/** Runs a task and resolves to its exit code; a failure is printed to stderr for the scheduler. */
export async function runTaskSpec(spec: TaskSpec, loader: FlowClassLoader = loadFlowClass): Promise<number> {
  const environments = await taskPlugins(spec);
  const outcome = await runTask(spec, spec.environment === undefined ? loader : environmentLoader(spec, environments), builtinStepDecorators, builtinCardRenderers);
  if (outcome.status === "ok") return TaskExit.Ok;
  process.stderr.write(`${describeFailure(outcome.error)}\n`);
  return TaskExit.Failed;
}

/**
 * Loads the code package for a step whose imports come from its environment (`@npm`): the
 * environment is made available on this machine (from the cache, else from the datastore), and
 * the code package is imported with the hooks that resolve its imports there.
 */
function environmentLoader(spec: TaskSpec, environments: EnvironmentProvider): FlowClassLoader {
  return async (modulePath, flowFile) => {
    const id = spec.environment;
    const envDir =
      id === undefined || id === "none"
        ? undefined
        : await environments.materialize({ flowName: spec.flowName, id, storage: openStorage(spec.datastoreRoot), env: process.env });
    enableEnvImports();
    const url = codeModuleUrl(modulePath, { ...(envDir === undefined ? {} : { envDir }), projectDir: path.dirname(path.resolve(flowFile)), step: spec.step });
    return importFlowClass(url, api, flowFile);
  };
}

/**
 * Loads the run's third-party plugins (TaskSpec.plugins, else `METAFLOW_TS_PLUGINS`, e.g. in a
 * deployed run's container) in this process or thread, once: their storage, metadata, step
 * decorators and card types register themselves. Returns the environment provider of the task.
 * Nothing is loaded for a run without plugins.
 */
async function taskPlugins(spec: TaskSpec): Promise<EnvironmentProvider> {
  const refs: readonly TaskPlugin[] = spec.plugins ?? pluginSpecifiersFromEnv(process.env).map((module) => ({ module }));
  if (refs.length === 0) return npmEnvironments;
  return (await loadPlugins(refs.map(moduleToLoad))).environment ?? npmEnvironments;
}

/** Exits the process once stdout and stderr are flushed, even if user code left timers or sockets open. */
export function flushAndExit(code: number): void {
  // Exit even if user code left timers or sockets open; wait for stdio to drain first.
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}
