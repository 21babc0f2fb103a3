/**
 * `metaflow-ts show FLOW [--format text|mermaid|dot|json]`: print the graph, its steps,
 * decorators and docs. No user code runs, unless the flow uses configs: then it is loaded so
 * that decorators show the values their config expressions resolve to.
 * @module
 */
import { renderGraphDot } from "../../graph/render-dot.js";
import { renderGraphJson } from "../../graph/render-json.js";
import { renderGraphMermaid } from "../../graph/render-mermaid.js";
import { renderGraphText } from "../../graph/render-text.js";
import { readFlowSource, requireValidGraph } from "../../loader/flow-source.js";
import { MetaflowError, ErrorCode } from "../../public/index.js";
import { CliExit } from "../exit-codes.js";
import { Option, type Command } from "commander";
import type { CommandIo, CliContext } from "../command-io.js";
import type { ConfigOptionValues } from "../../config/config-inputs.js";
import { addConfigOptions, graphForShow } from "./configs.js";

/** Output formats of `show`. */
export const showFormats = ["text", "mermaid", "dot", "json"] as const;

/** Runs `show`; resolves to the exit code. */
export async function showCommand(file: string, options: { readonly format?: string } & ConfigOptionValues, io: CommandIo): Promise<number> {
  const source = await readFlowSource(file);
  // Decorators that take config values are shown with the values they resolve to.
  const graph = await graphForShow(source, requireValidGraph(source), options, io);
  const format = options.format ?? "text";
  switch (format) {
    case "text":
      io.out(renderGraphText(graph));
      return CliExit.Ok;
    case "mermaid":
      io.out(renderGraphMermaid(graph));
      return CliExit.Ok;
    case "dot":
      io.out(renderGraphDot(graph));
      return CliExit.Ok;
    case "json":
      io.out(renderGraphJson(graph));
      return CliExit.Ok;
    default:
      throw new MetaflowError(ErrorCode.UsageError, `Unknown --format '${format}'; use one of ${showFormats.join(", ")}.`);
  }
}

/** Registers `show`. */
export function registerShow(program: Command, ctx: CliContext): void {
  addConfigOptions(program.command("show"))
    .description("print the steps of the flow with their decorators, docs and transitions")
    .argument("<flow>", "flow file")
    .addOption(new Option("--format <format>", "output format").choices(showFormats).default("text"))
    .action(async (flow: string, opts: { format: string }) => {
      ctx.setExit(await showCommand(flow, opts, ctx.io));
    });
}
