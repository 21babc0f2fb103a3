/**
 * `metaflow-ts runs FLOW`: the recent runs of a flow (by flow file or flow name), newest first,
 * with status, start, duration and tags. The current user's runs unless `--all` / `--namespace`.
 * @module
 */
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { Flow } from "../../client/flow.js";
import { getNamespace, namespace } from "../../client/namespace.js";
import type { Run } from "../../client/run.js";
import type { RunStatus } from "../../metadata/run-status.js";
import { ErrorCode, MetaflowError } from "../../errors.js";
import { withDatastoreRoot, useDatastoreRoot, type DatastoreRootOption } from "../client-setup.js";
import type { CliContext, CommandIo } from "../command-io.js";
import { CliExit } from "../exit-codes.js";
import { renderTable } from "../format/table.js";
import { formatDuration } from "../format/value-preview.js";
import { collect, positiveInt } from "../options.js";

/** Options of `runs`. */
export interface RunsOptions extends DatastoreRootOption {
  readonly json?: boolean;
  readonly limit?: number;
  readonly tag?: readonly string[];
  readonly all?: boolean;
  readonly namespace?: string;
}

/** A run as `runs` lists it. */
export interface RunSummary {
  readonly runId: string;
  readonly status: RunStatus;
  readonly user: string;
  readonly createdAt: string;
  readonly endedAt?: string;
  readonly durationMs: number;
  readonly tags: readonly string[];
  readonly originRunId?: string;
  readonly failedTask?: string;
}

/** The flow name of a flow file (read from its source; no code runs) or the name itself. */
export async function flowNameOf(fileOrName: string): Promise<string> {
  if (!/\.[cm]?[jt]s$/.test(fileOrName) && !existsSync(fileOrName)) return fileOrName;
  const { readFlowSource } = await import("../../loader/flow-source.js");
  const source = await readFlowSource(fileOrName);
  if (source.graph === undefined) throw new MetaflowError(ErrorCode.FlowClassNotFound, `No flow class found in ${source.displayFile}.`);
  return source.graph.flowName;
}

/** Runs `runs`; resolves to the exit code. */
export async function runsCommand(fileOrName: string, options: RunsOptions, io: CommandIo): Promise<number> {
  useDatastoreRoot(options);
  if (options.all) namespace(null);
  else if (options.namespace !== undefined) namespace(options.namespace);
  const name = await flowNameOf(fileOrName);
  const limit = options.limit ?? 20;
  const summaries: RunSummary[] = [];
  for await (const run of (await Flow.get(name)).runs(...(options.tag ?? []))) {
    summaries.push(summarize(run));
    if (summaries.length >= limit) break;
  }
  if (options.json) {
    io.out(JSON.stringify(summaries, null, 2));
    return CliExit.Ok;
  }
  if (summaries.length === 0) {
    io.out(`No runs of ${name} in namespace ${getNamespace() ?? "(all)"}${options.tag?.length ? ` tagged ${options.tag.join(", ")}` : ""}. --all lists every user's runs.`);
    return CliExit.Ok;
  }
  const rows = summaries.map((s) => [
    s.runId,
    s.status,
    s.createdAt.replace("T", " ").replace(/\.\d+Z$/, "Z"),
    `${formatDuration(s.durationMs)}${s.status === "running" ? "+" : ""}`,
    s.user,
    [...s.tags, ...(s.originRunId ? [`(resumed ${s.originRunId})`] : [])].join(", "),
  ]);
  for (const line of renderTable(["RUN", "STATUS", "STARTED", "DURATION", "USER", "TAGS"], rows)) io.out(line);
  return CliExit.Ok;
}

function summarize(run: Run): RunSummary {
  const end = run.endedAt;
  return {
    runId: run.id,
    status: run.status,
    user: run.user,
    createdAt: run.createdAt.toISOString(),
    ...(end ? { endedAt: end.toISOString() } : {}),
    durationMs: (end ?? new Date()).getTime() - run.createdAt.getTime(),
    tags: run.tags,
    ...(run.originRunId ? { originRunId: run.originRunId } : {}),
    ...(run.failure?.task ? { failedTask: run.failure.task } : {}),
  };
}

/** Registers `runs`. */
export function registerRuns(program: Command, ctx: CliContext): void {
  withDatastoreRoot(
    program
      .command("runs")
      .description("list the recent runs of a flow with status (succeeded, failed, running, or dead: its scheduler is gone), duration and tags")
      .argument("<flow>", "flow file or flow name")
      .option("--limit <n>", "how many runs (default: 20)", positiveInt)
      .option("--tag <tag>", "only runs with this tag (repeatable: all of them)", collect, [])
      .option("--all", "every user's runs (default: yours, namespace user:<you>)")
      .option("--namespace <ns>", "runs in this namespace, e.g. user:alice")
      .option("--json", "print the runs as JSON"),
  ).action(async (flow: string, opts: RunsOptions) => {
    ctx.setExit(await runsCommand(flow, opts, ctx.io));
  });
}
