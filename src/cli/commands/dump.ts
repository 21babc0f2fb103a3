/**
 * `metaflow-ts dump PATHSPEC`: the artifacts of a run (every task), a step or a task, with
 * values truncated for reading; `--json` for everything as data.
 * @module
 */
import type { Command } from "commander";
import { namespace } from "../../client/namespace.js";
import { resolvePathspec } from "../../client/resolve-pathspec.js";
import type { Task } from "../../client/task.js";
import { withDatastoreRoot, useDatastoreRoot, type DatastoreRootOption } from "../client-setup.js";
import type { CliContext, CommandIo } from "../command-io.js";
import { CliExit } from "../exit-codes.js";
import { renderTable } from "../format/table.js";
import { formatBytes, previewValue, toJsonSafe, truncate } from "../format/value-preview.js";
import { qualifyPathspec } from "../flow-pathspec.js";
import { positiveInt } from "../options.js";

/** Options of `dump`. */
export interface DumpOptions extends DatastoreRootOption {
  readonly json?: boolean;
  /** Longest value shown (characters). Default: 120 in text; no limit in JSON. */
  readonly maxValueSize?: number;
  /** Only these artifacts (comma-separated names). */
  readonly include?: string;
  /** Names, types and sizes only: no value is read. */
  readonly values?: boolean;
}

const DEFAULT_TEXT_VALUE_SIZE = 120;

/** Runs `dump`; resolves to the exit code. */
export async function dumpCommand(pathspec: string, options: DumpOptions, io: CommandIo, flowFile?: string): Promise<number> {
  useDatastoreRoot(options);
  namespace(null); // a pathspec names its run explicitly
  const { tasks } = await resolvePathspec(await qualifyPathspec(pathspec, flowFile));
  const include = options.include?.split(",").map((s) => s.trim()).filter(Boolean);
  const withValues = options.values !== false;
  const dumped = await Promise.all(tasks.map((t) => dumpTask(t, include, withValues)));
  if (options.json) {
    const max = options.maxValueSize;
    const data = dumped.map((d) => ({
      ...d.header,
      artifacts: d.artifacts.map(({ value, ...a }) => {
        if (!withValues) return a;
        const safe = toJsonSafe(value);
        const text = JSON.stringify(safe) ?? "null";
        return max !== undefined && text.length > max ? { ...a, value: truncate(text, max), truncated: true } : { ...a, value: safe };
      }),
    }));
    io.out(JSON.stringify(data, null, 2));
    return CliExit.Ok;
  }
  const max = options.maxValueSize ?? DEFAULT_TEXT_VALUE_SIZE;
  for (const d of dumped) {
    const h = d.header;
    io.out(`${h.pathspec} (attempt ${h.attempt}${h.index === undefined ? "" : `, foreach index ${h.index}`}, ${h.successful ? "successful" : h.finished ? "failed" : "not finished"}${h.origin ? `, reused from ${h.origin}` : ""})`);
    if (d.artifacts.length === 0) io.out("  (no artifacts)");
    else for (const line of renderTable(["NAME", "TYPE", "SIZE", ...(withValues ? ["VALUE"] : [])], d.artifacts.map((a) => [a.name, a.type, formatBytes(a.size), ...(withValues ? [previewValue(a.value, max)] : [])]))) io.out(`  ${line}`);
    io.out("");
  }
  return CliExit.Ok;
}

async function dumpTask(task: Task, include: readonly string[] | undefined, withValues: boolean) {
  const infos = task.artifacts().filter((a) => include === undefined || include.includes(a.name)).sort((a, b) => a.name.localeCompare(b.name));
  const values = withValues ? await Promise.all(infos.map((a) => task.artifact(a.name))) : [];
  return {
    header: { pathspec: task.pathspec, attempt: task.attempt, successful: task.successful, finished: task.finished, ...(task.index === undefined ? {} : { index: task.index }), ...(task.origin ? { origin: task.origin } : {}) },
    artifacts: infos.map((a, i) => ({ name: a.name, type: a.type, size: a.size, sha: a.sha, value: values[i] })),
  };
}

/** Registers `dump`. */
export function registerDump(program: Command, ctx: CliContext): void {
  withDatastoreRoot(
    program
      .command("dump")
      .description("print the artifacts of a run, a step or a task (PATHSPEC: Flow/run[/step[/task]])")
      .argument("<pathspec>", "Flow/run, Flow/run/step or Flow/run/step/task")
      .option("--json", "print the artifacts (full values, JSON-safe) as JSON")
      .option("--max-value-size <n>", `longest value shown, in characters (default: ${DEFAULT_TEXT_VALUE_SIZE}; JSON: no limit)`, positiveInt)
      .option("--include <names>", "only these artifacts (comma-separated)")
      .option("--no-values", "names, types and sizes only (no value is read)"),
  ).action(async (pathspec: string, opts: DumpOptions) => {
    ctx.setExit(await dumpCommand(pathspec, opts, ctx.io, ctx.flowFile));
  });
}
