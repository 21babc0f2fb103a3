/**
 * The Runner: run, resume and sweep a flow from TypeScript (scripts, notebooks, tests). It calls
 * the same library functions as `metaflow-ts run` / `resume`, in this process; a flow's failure
 * is a result, not an exception. Heavy modules (the scheduler, TypeScript, esbuild) load on first use.
 *
 * @example
 * ```ts
 * const r = await new Runner("flows/train.ts").run({ alpha: 0.3 });
 * if (r.status === "succeeded") console.log(await r.run.data());
 *
 * const running = new Runner("flows/train.ts").start({ alpha: 0.3 });
 * for await (const e of running.events) if (e.type === "task:end") console.log(e.task.step, e.status);
 * const result = await running.wait();
 * ```
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import type { RunEvent } from "../scheduler/events.js";
import type { RunFlowOptions, RunResult } from "../scheduler/run-flow.js";
import type { ConfigInputs } from "../config/config-inputs.js";
import { RunningFlow, type RunnerResult } from "../client/runner/running-flow.js";
import type { ActivePlugins, PluginSource } from "../plugin-host/load-plugins.js";
import { expandGrid, mapBounded, type Grid, type SweepVariant } from "../client/runner/sweep-grid.js";

export { RunningFlow } from "../client/runner/running-flow.js";
export type { RunnerResult } from "../client/runner/running-flow.js";
export type { SweepVariant, Grid } from "../client/runner/sweep-grid.js";
export type { RunEvent, TaskRef } from "../scheduler/events.js";

/** Options of a {@link Runner}. */
export interface RunnerOptions {
  /** Working directory of the run. @default process.cwd() */
  readonly cwd?: string;
  /** Environment of the tasks (and the user the run is tagged with). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where runs are stored. @default $METAFLOW_DATASTORE_ROOT, else `<cwd>/.metaflow` */
  readonly datastoreRoot?: string;
  /** Configs by config name: a string is a file path (as `--config NAME FILE`), an object the value (as `--config-value`). */
  readonly configs?: Readonly<Record<string, unknown>>;
  /** Decorators for every step, as `--with` takes them (e.g. `retry:times=2`). */
  readonly with?: readonly string[];
  /** @default the number of CPU cores */
  readonly maxWorkers?: number;
  /** @default 100 */
  readonly maxNumSplits?: number;
  /** User tags of the run. */
  readonly tags?: readonly string[];
  /** `@project` branch of the run (`test.<branch>`), as `run --branch`. @default $METAFLOW_BRANCH, else `user.<name>` */
  readonly branch?: string;
  /** Runs in the `@project`'s production branch (`prod`), as `run --production`. @default $METAFLOW_PRODUCTION */
  readonly production?: boolean;
  /** Receives every run event as it happens. */
  readonly onEvent?: (event: RunEvent) => void;
  /**
   * Third-party plugins, as `--plugin` takes them: module specifiers (paths resolve against `cwd`,
   * package names from its `node_modules`) or plugin objects (see `definePlugin`, metaflow-ts/plugin).
   * Added to those `METAFLOW_TS_PLUGINS` names in `env`.
   */
  readonly plugins?: readonly PluginSource[];
}

/** What {@link Runner.resume} takes. */
export interface RunnerResumeOptions {
  /** The run to resume. @default the latest run of the flow */
  readonly originRunId?: string;
  /** Run again from this step (and all after it), even if it succeeded. */
  readonly step?: string;
}

/** What {@link Runner.sweep} takes. */
export interface SweepOptions {
  /** Values to try by parameter name; every combination runs. */
  readonly parameters?: Grid;
  /** Values to try by config name (file paths or values); combined with the parameters. */
  readonly configs?: Grid;
  /** Runs at the same time. @default 2 */
  readonly concurrency?: number;
  /** Called as each variant ends. */
  readonly onResult?: (result: SweepResult) => void;
}

/** One variant of a sweep and how it went: `result` when it ran (succeeded or failed), `error` when it could not start. */
export interface SweepResult {
  readonly variant: SweepVariant;
  readonly result?: RunnerResult;
  readonly error?: MetaflowError;
}

/** Runs a flow file programmatically. */
export class Runner {
  constructor(
    readonly flowFile: string,
    readonly options: RunnerOptions = {},
  ) {}

  /** Runs the flow with these parameter values (by parameter name) and waits for it to end. */
  run(parameters: Readonly<Record<string, unknown>> = {}): Promise<RunnerResult> {
    return this.start(parameters).wait();
  }

  /** Starts a run without waiting: the handle has live events, `wait()` and `cancel()`. */
  start(parameters: Readonly<Record<string, unknown>> = {}, overrides: { readonly configs?: Readonly<Record<string, unknown>> } = {}): RunningFlow {
    return this.launch({ parameters, configs: overrides.configs ?? this.options.configs });
  }

  /** Resumes a run (default: the latest) and waits for the new run to end. Parameters come from the origin run. */
  resume(options: RunnerResumeOptions = {}): Promise<RunnerResult> {
    return this.startResume(options).wait();
  }

  /** Starts a resume without waiting (see {@link start}). */
  startResume(options: RunnerResumeOptions = {}): RunningFlow {
    return this.launch({ resume: options, configs: undefined }); // a resume keeps the origin run's configs
  }

  /**
   * Runs every combination of `parameters` and `configs` values, at most `concurrency` at a time,
   * and resolves to one {@link SweepResult} per variant, in grid order (the last name varies fastest).
   */
  async sweep(options: SweepOptions): Promise<SweepResult[]> {
    const variants = expandGrid(options.parameters, options.configs);
    return mapBounded(variants, options.concurrency ?? 2, async (variant) => {
      const configs = { ...this.options.configs, ...variant.configs };
      let out: SweepResult;
      try {
        out = { variant, result: await this.start(variant.parameters, Object.keys(configs).length > 0 ? { configs } : {}).wait() };
      } catch (e) {
        if (!(e instanceof MetaflowError)) throw e;
        out = { variant, error: e };
      }
      options.onResult?.(out);
      return out;
    });
  }

  private launch(what: { readonly parameters?: Readonly<Record<string, unknown>>; readonly resume?: RunnerResumeOptions; readonly configs: Readonly<Record<string, unknown>> | undefined }): RunningFlow {
    return new RunningFlow(async (emit, signal) => {
      // Loaded lazily: the scheduler pulls in the TypeScript parser and esbuild, which tasks never need.
      const [{ runFlow }, api, { loadRun }, { builtinStepDecorators, registerBuiltinBackends }, { builtinComputeProviders }, { npmEnvironments }] = await Promise.all([
        import("../scheduler/run-flow.js"),
        import("./index.js"),
        import("../client/run.js"),
        import("../plugins/index.js"),
        import("../plugins/compute/index.js"),
        import("../plugins/environments/index.js"),
      ]);
      registerBuiltinBackends();
      const { applyProfile } = await import("../profile/profile.js");
      applyProfile();
      const { onEvent, configs: _configs, plugins: pluginSources, ...rest } = this.options;
      const plugins = await runnerPlugins(pluginSources ?? [], this.options.env ?? process.env, this.options.cwd);
      const configs = what.configs === undefined ? undefined : configInputsOf(what.configs);
      const out: string[] = [];
      const err: string[] = [];
      const options: RunFlowOptions = {
        ...rest,
        flowFile: this.flowFile,
        ...(what.parameters ? { parameters: what.parameters } : {}),
        ...(what.resume ? { resume: what.resume } : {}),
        ...(configs === undefined ? {} : { configs }),
        decoratorImplementations: builtinStepDecorators,
        // A plugin's backend comes first: it may replace a built-in one of the same name.
        computeProviders: plugins === undefined ? builtinComputeProviders : [...plugins.computeProviders, ...builtinComputeProviders],
        environmentProvider: plugins?.environment ?? npmEnvironments,
        ...(plugins === undefined ? {} : { plugins: plugins.forTasks }),
        signal,
        listeners: [
          (e) => {
            if (e.type === "task:log") (e.stream === "stdout" ? out : err).push(e.line);
            emit(e);
            onEvent?.(e);
          },
        ],
      };
      const result: RunResult = await runFlow(options, api);
      return {
        status: result.status,
        runId: result.runId,
        run: await loadRun(result.flowName, result.runId, result.datastoreRoot),
        stdout: out.join("\n"),
        stderr: err.join("\n"),
        ...(result.failedTask ? { failedTask: result.failedTask } : {}),
        ...(result.reason ? { reason: result.reason } : {}),
      };
    });
  }
}

/** @internal The plugins of a Runner or Deployer (its `plugins` and `METAFLOW_TS_PLUGINS`), loaded; undefined when there are none. */
export async function runnerPlugins(sources: readonly PluginSource[], env: Readonly<Record<string, string | undefined>>, cwd: string | undefined): Promise<ActivePlugins | undefined> {
  const { pluginSpecifiersFromEnv } = await import("../plugin-host/plugin-specifiers.js");
  const all = [...pluginSpecifiersFromEnv(env), ...sources];
  if (all.length === 0) return undefined;
  const { loadPlugins } = await import("../plugin-host/load-plugins.js");
  return loadPlugins(all, cwd === undefined ? {} : { cwd });
}

/** @internal Runner (and Deployer) configs as a run takes them: strings are files, objects values. */
export function configInputsOf(configs: Readonly<Record<string, unknown>>): ConfigInputs {
  const files: { name: string; file: string }[] = [];
  const values: { name: string; value: string | object }[] = [];
  for (const [name, v] of Object.entries(configs)) {
    if (typeof v === "string") files.push({ name, file: v });
    else if (v !== null && typeof v === "object") values.push({ name, value: v });
    else throw new MetaflowError(ErrorCode.UsageError, `Runner config '${name}' must be a file path (string) or a value (object); got ${JSON.stringify(v)}.`);
  }
  return { files, values };
}
