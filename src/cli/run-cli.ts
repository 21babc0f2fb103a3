/**
 * The command line: parses argv, calls the library, formats, returns the exit code.
 * `run` loads the flow first so that its parameters become options (and show in `run --help`).
 * @module
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { inspectFlow, type InspectedFlow } from "../loader/inspect-flow.js";
import { parameterType } from "../flow/parameter.js";
import * as api from "../public/index.js";
import { ErrorCode, MetaflowError } from "../public/index.js";
import { checkCommand } from "./commands/check.js";
import { runCommand } from "./commands/run.js";
import { showCommand, showFormats } from "./commands/show.js";
import { processIo, type CommandIo } from "./command-io.js";
import { CliExit, exitCodeFor } from "./exit-codes.js";
import { formatError } from "./format/format-error.js";

const runValueOptions = new Set(["--max-workers", "--max-num-splits", "--tag", "--with", "--run-id-file", "--datastore-root"]);

/** Runs the CLI on `argv` (without `node` and the script); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
  let exit: number = CliExit.Ok;
  try {
    const program = new Command("metaflow-ts")
      .description("Metaflow for TypeScript: run, inspect and check flows.")
      .exitOverride()
      .showHelpAfterError("(add --help for usage)")
      .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

    program
      .command("check")
      .description("validate the flow's graph from its source (no code runs)")
      .argument("<flow>", "flow file")
      .option("--json", "print the diagnostics as JSON")
      .action(async (flow: string, opts: { json?: boolean }) => {
        exit = await checkCommand(flow, opts, io);
      });

    program
      .command("show")
      .description("print the steps of the flow with their decorators, docs and transitions")
      .argument("<flow>", "flow file")
      .addOption(new Option("--format <format>", "output format").choices(showFormats).default("text"))
      .action(async (flow: string, opts: { format: string }) => {
        exit = await showCommand(flow, opts, io);
      });

    const run = program
      .command("run")
      .description("run the flow locally")
      .argument("<flow>", "flow file")
      .option("--max-workers <n>", "tasks run in parallel (default: number of CPU cores)", positiveInt)
      .option("--max-num-splits <n>", "largest allowed foreach (default: 100)", positiveInt)
      .option("--tag <tag>", "add a tag to the run (repeatable)", collect, [])
      .option("--with <decorator>", "add a decorator to every step, e.g. retry:times=2 (repeatable)", collect, [])
      .option("--run-id-file <file>", "write the run id to this file")
      .option("--datastore-root <dir>", "where runs are stored (default: $METAFLOW_DATASTORE_ROOT or ./.metaflow)");
    const flowFile = argv[0] === "run" ? findFlowArgument(argv.slice(1)) : undefined;
    const inspected = flowFile === undefined ? undefined : await inspectFlow(flowFile, api);
    const paramOptions = inspected === undefined ? [] : addParameterOptions(run, inspected);
    run.action(async (_flow: string, opts: Record<string, unknown>) => {
      if (inspected === undefined) return;
      const parameters: Record<string, unknown> = {};
      for (const { name, attribute } of paramOptions) if (opts[attribute] !== undefined) parameters[name] = opts[attribute];
      exit = await runCommand(inspected, opts, parameters, io);
    });

    program
      .command("step", { hidden: true })
      .description("run one task (internal: the scheduler and remote executors call it)")
      .allowUnknownOption()
      .argument("<args...>")
      .action(async (args: string[]) => {
        const { taskMain } = await import("../task/entry.js");
        exit = await taskMain(args);
      });

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
    cmd.addOption(option);
    out.push({ name: decl.name, attribute: option.attributeName() });
  }
  return out;
}

function findFlowArgument(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "--") return args[i + 1];
    if (a.startsWith("-")) {
      if (runValueOptions.has(a)) i++;
      continue;
    }
    return a;
  }
  return undefined;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number ≥ 1.");
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
