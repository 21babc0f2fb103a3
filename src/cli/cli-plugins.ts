/**
 * Third-party plugins on the command line: `--plugin MODULE` (repeatable) and `METAFLOW_TS_PLUGINS`.
 * They are loaded before the commands are registered (a `run` inspects its flow then, and `--with`
 * must know the plugins' decorators); a command line that names none loads nothing of this.
 * @module
 */
import type { Command } from "commander";
import type { ActivePlugins } from "../plugin-host/load-plugins.js";
import { pluginSpecifiersFromEnv, scanPluginArgs } from "../plugin-host/plugin-specifiers.js";
import { collect } from "./options.js";

/**
 * Commands that take `--plugin`: those that run or check a flow or open a datastore, metadata or a
 * deployer. Not `service` (its metadata lives in PostgreSQL), `configure` (writes the profile) nor
 * `step` (a task gets its plugins from its TaskSpec).
 */
export const pluginCommands: ReadonlySet<string> = new Set(["run", "resume", "check", "show", "configs", "dump", "logs", "runs", "tag", "card", "gc", "environment", "argo-workflows", "ui"]);

/** The plugins `argv` and the environment name, loaded and registered; undefined when there are none. */
export async function loadCliPlugins(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<ActivePlugins | undefined> {
  if (!pluginCommands.has(argv[0] ?? "")) return undefined;
  const specifiers = [...pluginSpecifiersFromEnv(env), ...scanPluginArgs(argv)];
  if (specifiers.length === 0) return undefined;
  const { loadPlugins } = await import("../plugin-host/load-plugins.js");
  return loadPlugins(specifiers);
}

/** Adds `--plugin <module>` to the commands of {@link pluginCommands} (and their subcommands), so that the parser accepts it and `--help` lists it. */
export function addPluginOption(program: Command): void {
  const add = (cmd: Command): void => {
    if (cmd.commands.length > 0) cmd.commands.forEach(add);
    else if (!cmd.options.some((o) => o.long === "--plugin")) cmd.option("--plugin <module>", "load a third-party plugin: a path or an installed package (repeatable; also $METAFLOW_TS_PLUGINS)", collect, []);
  };
  for (const cmd of program.commands) if (pluginCommands.has(cmd.name())) add(cmd);
}
