/**
 * `metaflow-ts check FLOW`: lint the graph from the source; no user code runs.
 * @module
 */
import { readFlowSource } from "../../loader/flow-source.js";
import { formatDiagnostic } from "../../lint/format-diagnostic.js";
import { CliExit } from "../exit-codes.js";
import type { Command } from "commander";
import type { CommandIo, CliContext } from "../command-io.js";

/** Options of `check`. */
export interface CheckOptions {
  readonly json?: boolean;
}

/** Runs `check`; resolves to the exit code. */
export async function checkCommand(file: string, options: CheckOptions, io: CommandIo): Promise<number> {
  const source = await readFlowSource(file);
  const errors = source.diagnostics.filter((d) => d.severity === "error");
  if (options.json) {
    io.out(JSON.stringify({ file: source.displayFile, ok: errors.length === 0, diagnostics: source.diagnostics }, null, 2));
    return errors.length === 0 ? CliExit.Ok : CliExit.Failed;
  }
  for (const d of source.diagnostics) (d.severity === "error" ? io.err : io.out)(formatDiagnostic(d));
  if (errors.length > 0) {
    io.err(`${source.displayFile}: ${errors.length} error${errors.length > 1 ? "s" : ""} in the flow graph; fix them and run check again.`);
    return CliExit.Failed;
  }
  io.out(`Validating ${source.graph?.flowName ?? "flow"} in ${source.displayFile}... the graph looks good (${Object.keys(source.graph?.steps ?? {}).length} steps).`);
  return CliExit.Ok;
}

/** Registers `check`. */
export function registerCheck(program: Command, ctx: CliContext): void {
  program
    .command("check")
    .description("validate the flow's graph from its source (no code runs)")
    .argument("<flow>", "flow file")
    .option("--json", "print the diagnostics as JSON")
    .action(async (flow: string, opts: CheckOptions) => {
      ctx.setExit(await checkCommand(flow, opts, ctx.io));
    });
}
