/**
 * `metaflow-ts logs PATHSPEC`: what a task printed, of its latest attempt or `--attempt N`. Both streams by
 * default (stdout, then stderr), as Metaflow's `logs`; `--stdout` or `--stderr` picks one (`--both` is
 * accepted too). A step pathspec prints each of its tasks' logs.
 * @module
 */
import { InvalidArgumentError, type Command } from "commander";
import { ErrorCode, MetaflowError } from "../../errors.js";
import { namespace } from "../../client/namespace.js";
import { resolvePathspec } from "../../client/resolve-pathspec.js";
import { withDatastoreRoot, useDatastoreRoot, type DatastoreRootOption } from "../client-setup.js";
import type { CliContext, CommandIo } from "../command-io.js";
import { CliExit } from "../exit-codes.js";
import { qualifyPathspec } from "../flow-pathspec.js";

/** Options of `logs`. */
export interface LogsOptions extends DatastoreRootOption {
  readonly stdout?: boolean;
  readonly stderr?: boolean;
  readonly both?: boolean;
  readonly attempt?: number;
}

/** Runs `logs`; resolves to the exit code. */
export async function logsCommand(pathspec: string, options: LogsOptions, io: CommandIo, flowFile?: string): Promise<number> {
  useDatastoreRoot(options);
  namespace(null); // a pathspec names its run explicitly
  pathspec = await qualifyPathspec(pathspec, flowFile);
  const resolved = await resolvePathspec(pathspec, options.attempt === undefined ? {} : { attempt: options.attempt });
  if (resolved.kind === "run") {
    throw new MetaflowError(ErrorCode.InvalidPathspec, `logs needs a step or a task: Flow/run/step[/task], not the run ${pathspec}.`);
  }
  if (resolved.kind === "step" && options.attempt !== undefined) {
    throw new MetaflowError(ErrorCode.UsageError, "--attempt needs a task pathspec (Flow/run/step/task).");
  }
  const streams = selectedStreams(options);
  const many = resolved.tasks.length > 1 || streams.length > 1;
  for (const task of resolved.tasks) {
    for (const stream of streams) {
      const text = await (stream === "stdout" ? task.stdout() : task.stderr());
      // Headers are for the reader (stderr, as Metaflow's); log content is the command's output (stdout)
      // whichever stream the task wrote it to, so `| grep` sees it and nothing else.
      if (many) io.err(`=== ${task.pathspec} (attempt ${task.attempt}) ${stream} ===`);
      if (text !== "") io.out(text.replace(/\n$/, ""));
    }
  }
  return CliExit.Ok;
}

/** The streams to print, in order: one named by `--stdout` / `--stderr`, else (neither, both, `--both`) both. */
function selectedStreams(options: Pick<LogsOptions, "stdout" | "stderr" | "both">): ("stdout" | "stderr")[] {
  if (options.both === true || options.stdout === options.stderr) return ["stdout", "stderr"];
  return options.stdout === true ? ["stdout"] : ["stderr"];
}

/** Registers `logs`. */
export function registerLogs(program: Command, ctx: CliContext): void {
  withDatastoreRoot(
    program
      .command("logs")
      .description("print what a task printed (PATHSPEC: Flow/run/step/task, or Flow/run/step for all its tasks)")
      .argument("<pathspec>", "Flow/run/step/task or Flow/run/step")
      .option("--stdout", "print only what the task wrote to stdout")
      .option("--stderr", "print only what the task wrote to stderr")
      .option("--both", "print stdout and then stderr (the default)")
      .option("--attempt <n>", "attempt number (0 = first; default: the latest)", (v: string) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number ≥ 0 (0 = first attempt).");
        return n;
      }),
  ).action(async (pathspec: string, opts: LogsOptions) => {
    ctx.setExit(await logsCommand(pathspec, opts, ctx.io, ctx.flowFile));
  });
}
