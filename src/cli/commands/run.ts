/**
 * `metaflow-ts run FLOW [options] [--<param> value]`: run the flow locally.
 * @module
 */
import { writeFileSyncAtomic } from "../../datastore/small-file-io.js";
import { InvalidArgumentError, Option, type Command } from "commander";
import { parameterType } from "../../flow/parameter.js";
import { inspectFlow, type InspectedFlow } from "../../loader/inspect-flow.js";
import * as api from "../../public/index.js";
import { ErrorCode, MetaflowError } from "../../public/index.js";
import { runFlow } from "../../scheduler/run-flow.js";
import { prestartThread } from "../../scheduler/thread-pool.js";
import { CliExit } from "../exit-codes.js";
import { processIo, type CliContext, type CommandIo } from "../command-io.js";
import { consoleReporter, type ProgressMode } from "../format/console-reporter.js";
import type { RunEvent } from "../../scheduler/events.js";
import { collect, positiveInt } from "../options.js";
import { builtinStepDecorators } from "../../plugins/index.js";
import { builtinComputeProviders } from "../../plugins/compute/index.js";
import { npmEnvironments } from "../../plugins/environments/index.js";
import type { ResumeOptions } from "../../scheduler/resume.js";
import type { ActivePlugins } from "../../plugin-host/load-plugins.js";
import { configureFlow } from "../../config/configure-flow.js";
import { currentUser } from "../../metadata/current-user.js";
import { addConfigOptions, scanConfigArgs } from "./configs.js";
import { findFlowArgument, runValueOptions } from "../flow-argument.js";
import { METADATA_URL_FLAG, METADATA_URL_HELP, useMetadataUrl } from "../client-setup.js";

/** Options of `run` (besides the flow's parameters). */
export interface RunCommandOptions {
  readonly maxWorkers?: number;
  readonly maxNumSplits?: number;
  readonly tag?: readonly string[];
  readonly with?: readonly string[];
  readonly runIdFile?: string;
  readonly datastoreRoot?: string;
  /** The metadata service to record the run in (sets `METAFLOW_SERVICE_URL` for the run and its tasks). */
  readonly metadataUrl?: string;
  /** Set for `resume`. */
  readonly resume?: ResumeOptions;
  /** `auto` (default: `live` on a terminal, else `lines`), `live`, `lines` or `quiet`. */
  readonly progress?: "auto" | ProgressMode;
  /** Same as `progress: "quiet"`. */
  readonly quiet?: boolean;
  /** Seconds between progress summary lines (`lines`, `quiet`); 0 turns them off. */
  readonly progressInterval?: number;
  /** `@project` branch (`test.<branch>`). */
  readonly branch?: string;
  /** `@project` production branch. */
  readonly production?: boolean;
}

/** The listener that prints the run, as the options and the terminal ask. */
async function reporterFor(options: RunCommandOptions, io: CommandIo): Promise<(e: RunEvent) => void> {
  const asked = options.quiet ? "quiet" : (options.progress ?? progressFromEnv());
  const mode: ProgressMode = asked !== "auto" ? asked : io === processIo && process.stdout.isTTY ? "live" : "lines";
  // The terminal display (log-update and its ~20 modules) is loaded only when it is drawn.
  if (mode === "live") return (await import("../format/live-progress.js")).liveProgress();
  return consoleReporter(io, { mode, ...(options.progressInterval === undefined ? {} : { summaryEveryMs: options.progressInterval * 1000 }) });
}

/** Writes the run id file whole (through a temporary file and a rename). */
function writeRunIdFile(file: string, runId: string): void {
  writeFileSyncAtomic(`${file}.tmp-${process.pid}`, file, runId);
}

function progressFromEnv(): "auto" | ProgressMode {
  const v = process.env.METAFLOW_TS_PROGRESS;
  return v === "live" || v === "lines" || v === "quiet" ? v : "auto";
}

/** Runs (or resumes) the flow; resolves to the exit code. */
export async function runCommand(flow: InspectedFlow, options: RunCommandOptions, parameters: Record<string, unknown>, io: CommandIo, plugins?: ActivePlugins): Promise<number> {
  useMetadataUrl(options);
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    io.err(`Received ${signal}: stopping the run's tasks...`);
    controller.abort(signal);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const report = await reporterFor(options, io);
  let started = false;
  try {
    const result = await runFlow(
      {
        flowFile: flow.source.file,
        inspected: flow,
        parameters,
        ...(options.maxWorkers !== undefined ? { maxWorkers: options.maxWorkers } : {}),
        ...(options.maxNumSplits !== undefined ? { maxNumSplits: options.maxNumSplits } : {}),
        ...(options.datastoreRoot !== undefined ? { datastoreRoot: options.datastoreRoot } : {}),
        tags: options.tag ?? [],
        decoratorImplementations: builtinStepDecorators,
        // A plugin's backend comes first: it may replace a built-in one of the same name.
        computeProviders: plugins === undefined ? builtinComputeProviders : [...plugins.computeProviders, ...builtinComputeProviders],
        environmentProvider: plugins?.environment ?? npmEnvironments,
        ...(plugins === undefined ? {} : { plugins: plugins.forTasks }),
        ...(options.resume ? { resume: options.resume } : {}),
        with: options.with ?? [],
        ...(options.branch === undefined ? {} : { branch: options.branch }),
        ...(options.production === undefined ? {} : { production: options.production }),
        signal: controller.signal,
        listeners: [
          (e) => {
            // Written before the start line is printed, so whoever sees the line can find the file.
            if (e.type === "run:start" && options.runIdFile !== undefined) {
              writeRunIdFile(options.runIdFile, e.runId);
              started = true;
            }
            report(e);
          },
        ],
      },
      api,
    );
    // Only when the run never started (the file already holds this id otherwise: rewriting it would
    // leave it empty to whoever kills the process between the truncation and the write).
    if (options.runIdFile !== undefined && !started) writeRunIdFile(options.runIdFile, result.runId);
    return result.status === "succeeded" ? CliExit.Ok : CliExit.Failed;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** The options `run` and `resume` share: how the run executes, where it is stored, how it is tagged. */
function addExecutionOptions(cmd: Command): Command {
  return cmd
    .option("--max-workers <n>", "tasks run in parallel (default: number of CPU cores)", positiveInt)
    .option("--max-num-splits <n>", "largest allowed foreach (default: 100)", positiveInt)
    .option("--tag <tag>", "add a tag to the run (repeatable)", collect, [])
    .option("--with <decorator>", "add a decorator to every step, e.g. retry:times=2 (repeatable)", collect, [])
    .option("--run-id-file <file>", "write the run id to this file")
    .addOption(new Option("--progress <mode>", "how the run is printed: live (a table per step, redrawn; default on a terminal), lines (every task's start and end; default otherwise), quiet (task output, failures, summaries)").choices(["auto", "live", "lines", "quiet"]))
    .option("--quiet", "print only what tasks print, failures, a progress summary line every --progress-interval seconds, and the outcome")
    .option("--progress-interval <seconds>", "seconds between progress summary lines in lines and quiet modes (default: 10; 0: none)", nonNegativeNumber)
    .option("--datastore-root <dir>", "where runs are stored (default: $METAFLOW_DATASTORE_ROOT or ./.metaflow)")
    .option("--branch <branch>", "@project: run in the branch test.<branch> (default: $METAFLOW_BRANCH, else user.<name>)")
    .option("--production", "@project: run in the production branch, prod (default: $METAFLOW_PRODUCTION)")
    .option(METADATA_URL_FLAG, METADATA_URL_HELP);
}

/** Options of `run` and `resume` that take no value. */
const flagOptions = new Set(["--quiet", "--production"]);

function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError("expected a number of seconds ≥ 0.");
  return n;
}

/**
 * Registers `run`. When the command line is a `run FLOW ...`, the flow is loaded first so that
 * its parameters become options (validated by the parser, listed by `run FLOW --help`).
 */
export async function registerRun(program: Command, ctx: CliContext): Promise<void> {
  const run = program
    .command("run")
    .description("run the flow locally")
    .argument("<flow>", "flow file");
  addExecutionOptions(run);
  addConfigOptions(run);
  const flowFile = ctx.argv[0] === "run" ? findFlowArgument(ctx.argv.slice(1)) : undefined;
  // The first task thread boots while the flow is loaded (see scheduler/thread-pool.ts).
  if (flowFile !== undefined && process.env.METAFLOW_TS_ISOLATION !== "process" && !ctx.argv.some((a) => a === "--help" || a === "-h")) prestartThread(process.env);
  const loaded = flowFile === undefined ? undefined : await inspectFlow(flowFile, api);
  if (loaded !== undefined) run.description(`run ${loaded.graph.flowName} (${loaded.source.displayFile}) locally`);
  // Configs first: they may set parameter defaults. A config error is reported when the run
  // is asked for, so that `run FLOW --help` still works.
  let configError: unknown;
  const inspected =
    loaded === undefined
      ? undefined
      : await configureFlow(loaded, { inputs: scanConfigArgs(ctx.argv.slice(1)), cwd: process.cwd(), user: currentUser(process.env), env: process.env }).catch((e: unknown) => {
          configError = e;
          return loaded;
        });
  const paramOptions = inspected === undefined ? [] : addParameterOptions(run, inspected);
  run.action(async (_flow: string, opts: Record<string, unknown>) => {
    if (inspected === undefined) return;
    if (configError !== undefined) throw configError;
    const parameters: Record<string, unknown> = {};
    for (const { name, attribute } of paramOptions) if (opts[attribute] !== undefined) parameters[name] = opts[attribute];
    ctx.setExit(await runCommand(inspected, opts, parameters, ctx.io, ctx.plugins));
  });
}

/** Adds `--<name>` options for the flow's parameters and included files. */
function addParameterOptions(cmd: Command, flow: InspectedFlow): { name: string; attribute: string }[] {
  const out: { name: string; attribute: string }[] = [];
  for (const decl of flow.declarations) {
    const type = decl.kind === "parameter" ? parameterType(decl) : "file";
    const flag = type === "boolean" ? `--${decl.name} [value]` : `--${decl.name} <${type === "file" ? "path" : type}>`;
    const def = decl.options.default;
    const extra = [type, decl.options.required ? "required" : def === undefined ? undefined : `default: ${typeof def === "function" ? "computed" : JSON.stringify(def)}`].filter(Boolean).join(", ");
    const option = new Option(flag, `${decl.options.help ?? (decl.kind === "parameter" ? "parameter" : "file to include")} (${extra})`);
    if (cmd.options.some((o) => o.long === option.long)) {
      throw new MetaflowError(ErrorCode.ParameterError, `Parameter '${decl.name}' of ${flow.graph.flowName} clashes with the run option ${option.long}; rename the parameter.`);
    }
    // As in Metaflow: METAFLOW_RUN_<NAME> gives a value when the option is not on the command line.
    option.env(`METAFLOW_RUN_${decl.name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`);
    cmd.addOption(option);
    out.push({ name: decl.name, attribute: option.attributeName() });
  }
  return out;
}

/** Registers `resume FLOW [STEP]`: a new run reusing the successful tasks of an earlier one. */
export function registerResume(program: Command, ctx: CliContext): void {
  const resume = program
    .command("resume")
    .description("re-run a flow from where its last run failed (or from STEP), reusing every successful task")
    .argument("<flow>", "flow file")
    .argument("[step]", "run again from this step even if it succeeded")
    .option("--origin-run-id <id>", "the run to resume (default: the latest run of the flow)");
  addExecutionOptions(resume)
    .allowUnknownOption()
    .allowExcessArguments(true)
    .action(async (flowFile: string, step: string | undefined, opts: RunCommandOptions & { originRunId?: string }, cmd: Command) => {
      const extra = [...ctx.argv.filter((a) => a.startsWith("-") && !runValueOptions.has(a.split("=")[0] as string) && !flagOptions.has(a)), ...cmd.args.slice(step === undefined ? 1 : 2)];
      if (extra.length > 0) {
        throw new MetaflowError(
          ErrorCode.UsageError,
          `resume keeps the parameters and configs of the run it resumes; it does not take ${extra.join(" ")}. Start a new run with \`metaflow-ts run\` to change them.`,
        );
      }
      if (step?.startsWith("-")) throw new MetaflowError(ErrorCode.UsageError, `Unknown option ${step} for resume.`);
      const flow = await inspectFlow(flowFile, api);
      const resume: ResumeOptions = { ...(opts.originRunId ? { originRunId: opts.originRunId } : {}), ...(step ? { step } : {}) };
      ctx.setExit(await runCommand(flow, { ...opts, resume }, {}, ctx.io, ctx.plugins));
    });
}
