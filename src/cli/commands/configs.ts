/**
 * `metaflow-ts configs FLOW [--config NAME FILE] [--config-value NAME JSON] [--config-override K=V] [--json]`:
 * resolves the flow's configs as `run` would and prints each with the source of every value.
 * Also home of the config options that `run`, `show` and `configs` share.
 * @module
 */
import { promises as fs } from "node:fs";
import type { Command } from "commander";
import { graphWithResolvedDecorators } from "../../config/resolved-graph.js";
import type { FlowGraph } from "../../graph/types.js";
import type { FlowSource } from "../../loader/flow-source.js";
import { formatError } from "../format/format-error.js";
import { configureFlow } from "../../config/configure-flow.js";
import { configInputsFromOptions, type ConfigInputs, type ConfigOptionValues } from "../../config/config-inputs.js";
import { renderConfigsJson, renderConfigsText } from "../../config/render-configs.js";
import { inspectFlow } from "../../loader/inspect-flow.js";
import { currentUser } from "../../metadata/current-user.js";
import * as api from "../../public/index.js";
import { CliExit } from "../exit-codes.js";
import type { CliContext, CommandIo } from "../command-io.js";
import { collect } from "../options.js";
import { configPairOptions, configValueOptions } from "../flow-argument.js";


/** Adds `--config`, `--config-value` and `--config-override` to a command. */
export function addConfigOptions(cmd: Command): Command {
  return cmd
    .option("--config <name-and-file...>", "config NAME read from FILE (repeatable; files for one name are deep-merged in order)")
    .option("--config-value <name-and-json...>", "config NAME given as JSON (repeatable)")
    .option("--config-override <name.path=value>", "set one value of a config, e.g. settings.model.fit_intercept=false (repeatable; +name.path=value adds a key)", collect, []);
}

/**
 * The config inputs of a command line before commander parses it (a command that loads the flow
 * to register its options needs its configs first).
 */
export function scanConfigArgs(argv: readonly string[]): ConfigInputs {
  const opts: { config: string[]; configValue: string[]; configOverride: string[] } = { config: [], configValue: [], configOverride: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--") break;
    const [flag, inline] = a.includes("=") && a.startsWith("--") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    if (configPairOptions.has(flag)) {
      const list = flag === "--config" ? opts.config : opts.configValue;
      const values = inline !== undefined ? [inline] : [];
      while (values.length < 2 && i + 1 < argv.length && !(argv[i + 1] as string).startsWith("--")) values.push(argv[++i] as string);
      list.push(...values);
    } else if (configValueOptions.has(flag)) {
      const v = inline ?? argv[++i];
      if (v !== undefined) opts.configOverride.push(v);
    }
  }
  return configInputsFromOptions(opts);
}

/** Options of `configs`. */
export interface ConfigsCommandOptions extends ConfigOptionValues {
  readonly json?: boolean;
}

/** Runs `configs`; resolves to the exit code. */
export async function configsCommand(file: string, options: ConfigsCommandOptions, io: CommandIo): Promise<number> {
  const inspected = await inspectFlow(file, api);
  const flow = await configureFlow(inspected, { inputs: configInputsFromOptions(options), cwd: process.cwd(), user: currentUser(process.env), env: process.env });
  io.out((options.json ? renderConfigsJson : renderConfigsText)(flow.graph.flowName, flow.configs).trimEnd());
  return CliExit.Ok;
}

/** Registers `configs`. */
export function registerConfigs(program: Command, ctx: CliContext): void {
  addConfigOptions(program.command("configs").description("print the flow's resolved configs with the source of every value").argument("<flow>", "flow file"))
    .option("--json", "print as JSON")
    .action(async (flow: string, opts: ConfigsCommandOptions) => {
      ctx.setExit(await configsCommand(flow, opts, ctx.io));
    });
}

/**
 * For `show`: the graph with config-driven decorator arguments resolved, when the flow uses
 * configs and can be loaded; otherwise the graph as written (and a note on stderr saying why).
 */
export async function graphForShow(source: FlowSource, graph: FlowGraph, options: ConfigOptionValues, io: CommandIo): Promise<FlowGraph> {
  const text = await fs.readFile(source.file, "utf8");
  if (!/\bConfig\s*\(|\bconfigExpr\s*\(/.test(text)) return graph;
  try {
    const loaded = await inspectFlow(source.file, api);
    const flow = await configureFlow(loaded, { inputs: configInputsFromOptions(options), cwd: process.cwd(), user: currentUser(process.env), env: process.env });
    return graphWithResolvedDecorators(graph, {
      stepDecorators: { loaded: loaded.stepDecorators, resolved: flow.stepDecorators },
      flowDecorators: { loaded: loaded.flowDecorators, resolved: flow.flowDecorators },
    });
  } catch (e) {
    io.err(`Note: decorators are shown as written; their config values could not be resolved:\n  ${formatError(e).split("\n").join("\n  ")}`);
    return graph;
  }
}
