/**
 * `metaflow-ts tag add|remove|replace|list`: user tags of runs. Changes are atomic and never
 * lose a concurrent change; system tags cannot be changed.
 * @module
 */
import type { Command } from "commander";
import { Flow } from "../../client/flow.js";
import { namespace } from "../../client/namespace.js";
import { Run } from "../../client/run.js";
import { ErrorCode, MetaflowError } from "../../errors.js";
import { withDatastoreRoot, useDatastoreRoot, type DatastoreRootOption } from "../client-setup.js";
import type { CliContext, CommandIo } from "../command-io.js";
import { CliExit } from "../exit-codes.js";
import { qualifyPathspec } from "../flow-pathspec.js";
import { renderTable } from "../format/table.js";

/** Options of the `tag` subcommands. */
export interface TagOptions extends DatastoreRootOption {
  readonly json?: boolean;
}

/** A tag change asked on the command line. */
export type TagAction = { readonly kind: "add" | "remove"; readonly tags: readonly string[] } | { readonly kind: "replace"; readonly from: string; readonly to: string };

/** Runs `tag add|remove|replace`; prints the run's tags after the change. */
export async function tagChangeCommand(pathspec: string, action: TagAction, options: TagOptions, io: CommandIo, flowFile?: string): Promise<number> {
  const run = await openRun(await qualifyPathspec(pathspec, flowFile), options);
  switch (action.kind) {
    case "add":
      await run.addTags(action.tags);
      break;
    case "remove":
      await run.removeTags(action.tags);
      break;
    case "replace":
      await run.replaceTag(action.from, action.to);
      break;
    default: {
      const never: never = action;
      return never;
    }
  }
  printRunTags(run, options, io);
  return CliExit.Ok;
}

/** Runs `tag list PATHSPEC`: a run's tags, or for a flow every tag with the runs that have it. */
export async function tagListCommand(pathspec: string, options: TagOptions, io: CommandIo, flowFile?: string): Promise<number> {
  pathspec = await qualifyPathspec(pathspec, flowFile);
  if (pathspec.includes("/")) {
    printRunTags(await openRun(pathspec, options), options, io);
    return CliExit.Ok;
  }
  useDatastoreRoot(options);
  namespace(null);
  const byTag = new Map<string, string[]>();
  for await (const run of (await Flow.get(pathspec)).runs()) for (const t of run.tags) byTag.set(t, [...(byTag.get(t) ?? []), run.id]);
  const rows = [...byTag].sort(([a], [b]) => a.localeCompare(b));
  if (options.json) io.out(JSON.stringify(Object.fromEntries(rows), null, 2));
  else if (rows.length === 0) io.out(`No run of ${pathspec} has user tags.`);
  else for (const line of renderTable(["TAG", "RUNS"], rows.map(([t, ids]) => [t, ids.join(", ")]))) io.out(line);
  return CliExit.Ok;
}

async function openRun(pathspec: string, options: TagOptions): Promise<Run> {
  useDatastoreRoot(options);
  namespace(null); // a pathspec names its run explicitly
  if (pathspec.split("/").filter(Boolean).length !== 2) {
    throw new MetaflowError(ErrorCode.InvalidPathspec, `Tags belong to runs: expected Flow/run, got '${pathspec}'.`);
  }
  return Run.get(pathspec);
}

function printRunTags(run: Run, options: TagOptions, io: CommandIo): void {
  if (options.json) io.out(JSON.stringify({ pathspec: run.pathspec, tags: run.tags, systemTags: run.systemTags }, null, 2));
  else {
    io.out(`${run.pathspec}`);
    io.out(`  user tags:   ${run.tags.length > 0 ? run.tags.join(", ") : "(none)"}`);
    io.out(`  system tags: ${run.systemTags.join(", ")}`);
  }
}

/** Registers `tag` and its subcommands. */
export function registerTag(program: Command, ctx: CliContext): void {
  const tag = program.command("tag").description("add, remove, replace or list the user tags of runs");
  withDatastoreRoot(tag.command("add").description("add user tags to a run").argument("<run>", "Flow/run").argument("<tags...>", "tags to add").option("--json", "print the tags as JSON")).action(
    async (pathspec: string, tags: string[], opts: TagOptions) => ctx.setExit(await tagChangeCommand(pathspec, { kind: "add", tags }, opts, ctx.io, ctx.flowFile)),
  );
  withDatastoreRoot(tag.command("remove").description("remove user tags from a run").argument("<run>", "Flow/run").argument("<tags...>", "tags to remove").option("--json", "print the tags as JSON")).action(
    async (pathspec: string, tags: string[], opts: TagOptions) => ctx.setExit(await tagChangeCommand(pathspec, { kind: "remove", tags }, opts, ctx.io, ctx.flowFile)),
  );
  withDatastoreRoot(tag.command("replace").description("replace a user tag of a run by another, atomically").argument("<run>", "Flow/run").argument("<old>").argument("<new>").option("--json", "print the tags as JSON")).action(
    async (pathspec: string, from: string, to: string, opts: TagOptions) => ctx.setExit(await tagChangeCommand(pathspec, { kind: "replace", from, to }, opts, ctx.io, ctx.flowFile)),
  );
  withDatastoreRoot(tag.command("list").description("the tags of a run (Flow/run), or every user tag of a flow's runs (Flow)").argument("<pathspec>", "Flow/run or Flow").option("--json", "print as JSON")).action(
    async (pathspec: string, opts: TagOptions) => ctx.setExit(await tagListCommand(pathspec, opts, ctx.io, ctx.flowFile)),
  );
}
