/**
 * The Runner: run a flow from TypeScript (scripts, notebooks, tests). It calls the same
 * library function as `metaflow-ts run`; a flow's failure is a result, not an exception.
 *
 * @example
 * ```ts
 * const r = await new Runner("flows/train.ts").run({ alpha: 0.3 });
 * if (r.status === "succeeded") console.log(await r.run?.data());
 * ```
 * @module
 */
import type { Run } from "../client/run.js";
import type { RunEvent } from "../scheduler/events.js";

/** Options of a {@link Runner}. */
export interface RunnerOptions {
  /** Working directory of the run. @default process.cwd() */
  readonly cwd?: string;
  /** Environment of the tasks. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Where runs are stored. @default $METAFLOW_DATASTORE_ROOT, else `<cwd>/.metaflow` */
  readonly datastoreRoot?: string;
  /** Decorators for every step, as `--with` takes them (e.g. `retry:times=2`). */
  readonly with?: readonly string[];
  /** @default the number of CPU cores */
  readonly maxWorkers?: number;
  /** @default 100 */
  readonly maxNumSplits?: number;
  readonly tags?: readonly string[];
  /** Receives every run event as it happens. */
  readonly onEvent?: (event: RunEvent) => void;
}

/** What {@link Runner.run} resolves to. */
export interface RunnerResult {
  readonly status: "succeeded" | "failed";
  readonly runId: string;
  /** The run, for reading its artifacts. */
  readonly run: Run;
  /** Everything the tasks printed to stdout / stderr, in order. */
  readonly stdout: string;
  readonly stderr: string;
  readonly failedTask?: string;
  readonly reason?: string;
}

/** Runs a flow file programmatically. */
export class Runner {
  constructor(
    readonly flowFile: string,
    readonly options: RunnerOptions = {},
  ) {}

  /** Runs the flow with the given parameter values (by parameter name). */
  async run(parameters: Readonly<Record<string, unknown>> = {}): Promise<RunnerResult> {
    // Loaded lazily: the scheduler pulls in the TypeScript parser and esbuild, which tasks never need.
    const [{ runFlow }, api, { loadRun }, { builtinStepDecorators }] = await Promise.all([
      import("../scheduler/run-flow.js"),
      import("./index.js"),
      import("../client/run.js"),
      import("../plugins/index.js"),
    ]);
    const out: string[] = [];
    const err: string[] = [];
    const result = await runFlow(
      {
        flowFile: this.flowFile,
        parameters,
        ...this.options,
        decoratorImplementations: builtinStepDecorators,
        listeners: [
          (e) => {
            if (e.type === "task:log") (e.stream === "stdout" ? out : err).push(e.line);
            this.options.onEvent?.(e);
          },
        ],
      },
      api,
    );
    return {
      status: result.status,
      runId: result.runId,
      run: await loadRun(result.flowName, result.runId, result.datastoreRoot),
      stdout: out.join("\n"),
      stderr: err.join("\n"),
      ...(result.failedTask ? { failedTask: result.failedTask } : {}),
      ...(result.reason ? { reason: result.reason } : {}),
    };
  }
}
