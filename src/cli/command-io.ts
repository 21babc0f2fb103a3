/**
 * What every command gets: where to write, the raw argv, and a way to set the exit code.
 * @module
 */
import type { Command } from "commander";
import type { ActivePlugins } from "../plugin-host/load-plugins.js";

/** Output sinks of a command. */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

/** The process's stdout and stderr. */
export const processIo: CommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Shared by the commands while the CLI parses one command line. */
export interface CliContext {
  readonly io: CommandIo;
  /** The whole argv (without `node` and the script), e.g. to find the flow file before parsing. */
  readonly argv: readonly string[];
  /** The flow file the CLI runs from (`npx tsx flow.ts <command>`), absolute; pathspecs may leave out its flow name. */
  readonly flowFile?: string;
  /** Third-party plugins the command line loaded (`--plugin`, `METAFLOW_TS_PLUGINS`), already registered. */
  readonly plugins?: ActivePlugins;
  /** Sets the exit code the CLI returns. */
  setExit(code: number): void;
}

/** Adds one command (or a group) to the program. May be async (e.g. to load a flow for its options). */
export type RegisterCommand = (program: Command, ctx: CliContext) => void | Promise<void>;
