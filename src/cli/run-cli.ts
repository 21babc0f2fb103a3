/**
 * The command line: parses argv, calls the library, formats, returns the exit code.
 * Each command lives in `commands/`; this file only assembles them and maps errors.
 * @module
 */
import { createRequire } from "node:module";
import { Command, CommanderError } from "commander";
import { displayPath } from "../errors.js";
import { registrationsFor } from "./commands/index.js";
import { processIo, type CliContext, type CommandIo } from "./command-io.js";
import { exitQuietlyOnClosedPipe } from "./closed-pipe.js";
import { CliExit, exitCodeFor } from "./exit-codes.js";
import { formatError } from "./format/format-error.js";
import { registerBuiltinBackends } from "../plugins/index.js";
import { applyProfile } from "../profile/profile.js";
import { addPluginOption, loadCliPlugins } from "./cli-plugins.js";

registerBuiltinBackends();

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** Set when the CLI runs from a flow file (`npx tsx flow.ts <command>`): its absolute path. */
  readonly flowFile?: string;
}

/** Runs the CLI on `argv` (without `node` and the script); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CommandIo = processIo, options: RunCliOptions = {}): Promise<number> {
  let exit: number = CliExit.Ok;
  try {
    // The profile fills in settings the environment lacks (task processes inherit them); flags override both.
    if (argv[0] !== "configure") applyProfile();
    const plugins = await loadCliPlugins(argv, process.env);
    const ctx: CliContext = { io, argv, setExit: (code) => void (exit = code), ...(options.flowFile === undefined ? {} : { flowFile: options.flowFile }), ...(plugins === undefined ? {} : { plugins }) };
    const program = new Command("metaflow-ts")
      .description("Metaflow for TypeScript: run, inspect and check flows.")
      .version(packageVersion(), "--version", "print the version of metaflow-ts")
      .exitOverride()
      .showHelpAfterError("(add --help for usage)")
      .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
    for (const register of await registrationsFor(argv)) await register(program, ctx);
    addPluginOption(program);
    if (options.flowFile !== undefined) hideFlowArgument(program, options.flowFile);
    await program.parseAsync([...argv], { from: "user" });
    return exit;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? CliExit.Ok : CliExit.Usage;
    io.err(formatError(e));
    return exitCodeFor(e);
  }
}

/** The version in metaflow-ts's package.json (two folders up from src/cli and dist/cli alike). */
function packageVersion(): string {
  return (createRequire(import.meta.url)("../../package.json") as { version: string }).version;
}

/** Commands whose first argument is the flow file; from a flow file it is filled in. */
const flowArgumentCommands = new Set(["run", "resume", "check", "show", "configs", "runs", "gc"]);

/**
 * `main(import.meta, Flow)` in a file run directly: `npx tsx flow.ts run --alpha 1`. Commands
 * that take a flow get this file; `dump`, `logs` and `tag` take pathspecs, which may leave out
 * the flow name (`dump 1712/start/1`), as with Metaflow's `python flow.py dump`.
 */
export async function runCliFromFlowFile(file: string, argv: readonly string[]): Promise<void> {
  exitQuietlyOnClosedPipe(); // `npx tsx flow.ts runs | head`
  const [command, ...rest] = argv;
  const args = command === undefined ? ["--help"] : flowArgumentCommands.has(command) ? [command, file, ...rest] : withFlowOfSubcommand(file, argv);
  process.exitCode = await runCli(args, processIo, { flowFile: file });
}

/** Command groups whose subcommands take the flow file first (`argo-workflows status FLOW RUN`). */
const flowArgumentGroups = new Set(["argo-workflows", "environment"]);

/**
 * From a flow file, `argo-workflows <sub> ...` and `environment resolve|show` get this file as their
 * flow (`npx tsx flow.ts argo-workflows status RUN`, as `python flow.py argo-workflows status RUN`);
 * `environment show Flow/run` keeps its pathspec.
 */
function withFlowOfSubcommand(file: string, argv: readonly string[]): string[] {
  const [group, sub, ...rest] = argv;
  if (group === undefined || sub === undefined || !flowArgumentGroups.has(group) || sub.startsWith("-") || sub === "help") return [...argv];
  const next = rest[0];
  if (group === "environment" && sub === "show" && next !== undefined && !next.startsWith("-")) return [...argv];
  return [group, sub, file, ...rest];
}

/** From a flow file, usage lines read `npx tsx flow.ts run [options]`: the flow argument is implied. */
function hideFlowArgument(program: Command, file: string): void {
  const shown = displayPath(file, process.cwd());
  program.name(`npx tsx ${shown}`);
  for (const cmd of program.commands) {
    if (!flowArgumentCommands.has(cmd.name())) continue;
    cmd.usage(cmd.usage().replace(/\s*[<[]flow[>\]]/, ""));
    cmd.configureHelp({ visibleArguments: (c) => c.registeredArguments.filter((a) => a.name() !== "flow" && a.description !== "") });
  }
}
