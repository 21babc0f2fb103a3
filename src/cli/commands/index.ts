/**
 * Every command of the CLI, in the order `--help` lists them, each loaded on demand: a command
 * line that names a command loads that command's module only (a `run` does not compile `card`,
 * `argo-workflows`, `gc`... nor what they import); `--help`, `help` or an unknown command loads
 * them all. A new command is a file in this folder exporting a {@link RegisterCommand}, added here.
 * @module
 */
import type { RegisterCommand } from "../command-io.js";

/** A top-level command: its name on the command line, and how to load its registration. */
export interface CommandEntry {
  readonly name: string;
  readonly load: () => Promise<RegisterCommand>;
}

/** The commands, registered in this order. */
export const commands: readonly CommandEntry[] = [
  { name: "run", load: async () => (await import("./run.js")).registerRun },
  { name: "resume", load: async () => (await import("./run.js")).registerResume },
  { name: "check", load: async () => (await import("./check.js")).registerCheck },
  { name: "show", load: async () => (await import("./show.js")).registerShow },
  { name: "configs", load: async () => (await import("./configs.js")).registerConfigs },
  { name: "dump", load: async () => (await import("./dump.js")).registerDump },
  { name: "logs", load: async () => (await import("./logs.js")).registerLogs },
  { name: "runs", load: async () => (await import("./runs.js")).registerRuns },
  { name: "tag", load: async () => (await import("./tag.js")).registerTag },
  { name: "card", load: async () => (await import("./card.js")).registerCard },
  { name: "gc", load: async () => (await import("./gc.js")).registerGc },
  { name: "environment", load: async () => (await import("./environment.js")).registerEnvironment },
  { name: "argo-workflows", load: async () => (await import("./argo-workflows.js")).registerArgoWorkflows },
  { name: "ui", load: async () => (await import("./ui.js")).registerUi },
  { name: "service", load: async () => (await import("./service.js")).registerService },
  { name: "configure", load: async () => (await import("./configure.js")).registerConfigure },
  { name: "step", load: async () => (await import("./step.js")).registerStep },
];

/**
 * The registrations a command line needs, in order: only the named command's when `argv` starts
 * with one (its options, arguments and `--help` are its own), none for `--version`, otherwise
 * every command's (the program's help lists them all; an unknown command gets commander's suggestions).
 */
export async function registrationsFor(argv: readonly string[]): Promise<RegisterCommand[]> {
  if (argv[0] === "--version") return []; // the program prints its version before any command runs
  const named = commands.find((c) => c.name === argv[0]);
  return Promise.all((named === undefined ? commands : [named]).map((c) => c.load()));
}
