/**
 * `metaflow-ts logs PATHSPEC`: what a task printed (stdout by default; `--stderr`, `--both`),
 * of its latest attempt or `--attempt N`. A step pathspec prints each of its tasks' logs.
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
  const streams: ("stdout" | "stderr")[] = options.both ? ["stdout", "stderr"] : options.stderr ? ["stderr"] : ["stdout"];
  const many = resolved.tasks.length > 1 || streams.length > 1;
  for (const task of resolved.tasks) {
    for (const stream of streams) {
      const text = await (stream === "stdout" ? task.stdout() : task.stderr());
      if (many) io.out(`=== ${task.pathspec} (attempt ${task.attempt}) ${stream} ===`);
      // Log content is the command's output (stdout) whichever stream the task wrote it to, so `| grep` sees it.
      if (text !== "") io.out(text.replace(/\n$/, ""));
    }
  }
  return CliExit.Ok;
}

/** Registers `logs`. */
export function registerLogs(program: Command, ctx: CliContext): void {
  withDatastoreRoot(
    program
      .command("logs")
      .description("print what a task printed (PATHSPEC: Flow/run/step/task, or Flow/run/step for all its tasks)")
      .argument("<pathspec>", "Flow/run/step/task or Flow/run/step")
      .option("--stderr", "print stderr instead of stdout")
      .option("--both", "print stdout and then stderr")
      .option("--attempt <n>", "attempt number (0 = first; default: the latest)", (v: string) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number ≥ 0 (0 = first attempt).");
        return n;
      }),
  ).action(async (pathspec: string, opts: LogsOptions) => {
    ctx.setExit(await logsCommand(pathspec, opts, ctx.io, ctx.flowFile));
  });
}
