/**
 * The command line: parses argv, calls the library, formats, returns the exit code.
 * Each command lives in `commands/`; this file only assembles them and maps errors.
 * @module
 */
import { Command, CommanderError } from "commander";
import { commands } from "./commands/index.js";
import { processIo, type CliContext, type CommandIo } from "./command-io.js";
import { CliExit, exitCodeFor } from "./exit-codes.js";
import { formatError } from "./format/format-error.js";
import { registerBuiltinBackends } from "../plugins/index.js";
import { applyProfile } from "../profile/profile.js";

registerBuiltinBackends();

/** Runs the CLI on `argv` (without `node` and the script); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
  let exit: number = CliExit.Ok;
  const ctx: CliContext = { io, argv, setExit: (code) => void (exit = code) };
  try {
    // The profile fills in settings the environment lacks (task processes inherit them); flags override both.
    if (argv[0] !== "configure") applyProfile();
    const program = new Command("metaflow-ts")
      .description("Metaflow for TypeScript: run, inspect and check flows.")
      .exitOverride()
      .showHelpAfterError("(add --help for usage)")
      .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
    for (const register of commands) await register(program, ctx);
    await program.parseAsync([...argv], { from: "user" });
    return exit;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? CliExit.Ok : CliExit.Usage;
    io.err(formatError(e));
    return exitCodeFor(e);
  }
}

/** `main(import.meta, Flow)` in a file run directly: `npx tsx flow.ts run --alpha 1`. */
export async function runCliFromFlowFile(file: string, argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  const args = command === undefined ? ["--help"] : command.startsWith("-") ? [...argv] : [command, file, ...rest];
  process.exitCode = await runCli(args);
}
