/**
 * `metaflow-ts run FLOW [options] [--<param> value]`: run the flow locally.
 * @module
 */
import { promises as fs } from "node:fs";
import type { InspectedFlow } from "../../loader/inspect-flow.js";
import * as api from "../../public/index.js";
import { runFlow } from "../../scheduler/run-flow.js";
import { CliExit } from "../exit-codes.js";
import type { CommandIo } from "../command-io.js";
import { consoleReporter } from "../format/console-reporter.js";

/** Options of `run` (besides the flow's parameters). */
export interface RunCommandOptions {
  readonly maxWorkers?: number;
  readonly maxNumSplits?: number;
  readonly tag?: readonly string[];
  readonly with?: readonly string[];
  readonly runIdFile?: string;
  readonly datastoreRoot?: string;
}

/** Runs the flow; resolves to the exit code. */
export async function runCommand(flow: InspectedFlow, options: RunCommandOptions, parameters: Record<string, unknown>, io: CommandIo): Promise<number> {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    io.err(`Received ${signal}: stopping the run's tasks...`);
    controller.abort(signal);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const report = consoleReporter(io);
  try {
    const result = await runFlow(
      {
        flowFile: flow.source.file,
        inspected: flow,
        parameters,
        ...(options.maxWorkers !== undefined ? { maxWorkers: options.maxWorkers } : {}),
        ...(options.maxNumSplits !== undefined ? { maxNumSplits: options.maxNumSplits } : {}),
        ...(options.datastoreRoot !== undefined ? { datastoreRoot: options.datastoreRoot } : {}),
        tags: options.tag ?? [],
        with: options.with ?? [],
        signal: controller.signal,
        listeners: [
          (e) => {
            if (e.type === "run:start" && options.runIdFile !== undefined) {
              void fs.writeFile(options.runIdFile, e.runId);
            }
            report(e);
          },
        ],
      },
      api,
    );
    if (options.runIdFile !== undefined) await fs.writeFile(options.runIdFile, result.runId);
    return result.status === "succeeded" ? CliExit.Ok : CliExit.Failed;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
