/**
 * `metaflow-ts gc [FLOW]`: delete runs older than a date or beyond the newest N (never the
 * latest successful run, nor a run without an end record, unless `--force`), then the blobs and
 * code packages and stored npm environments no remaining run references, and the per-user code-package cache's idle files.
 * Prints what it freed; `--dry-run` deletes nothing; `--cache` sweeps only the cache.
 * @module
 */
import type { Command } from "commander";
import { collectGarbage, type GcReport } from "../../datastore/gc/collect-garbage.js";
import { parseOlderThan } from "../../datastore/gc/plan-gc.js";
import { openDatastore } from "../../datastore/open-datastore.js";
import { CACHE_IDLE_MS, sweepUserCache, type CacheSweep } from "../../loader/user-cache.js";
import { removeStaleTempFiles } from "../../datastore/gc/stale-temp-files.js";
import { withDatastoreRoot, useDatastoreRoot, type DatastoreRootOption } from "../client-setup.js";
import type { CliContext, CommandIo } from "../command-io.js";
import { CliExit } from "../exit-codes.js";
import { formatBytes } from "../format/value-preview.js";
import { flowNameOf } from "./runs.js";

/** Options of `gc`. */
export interface GcCommandOptions extends DatastoreRootOption {
  readonly olderThan?: string;
  readonly keepLast?: number;
  readonly force?: boolean;
  readonly dryRun?: boolean;
  readonly json?: boolean;
  /** Only sweep the per-user code-package cache; no run is deleted. */
  readonly cache?: boolean;
}

/** Runs `gc`; resolves to the exit code. */
export async function gcCommand(flow: string | undefined, options: GcCommandOptions, io: CommandIo): Promise<number> {
  if (options.cache) {
    const cache = await sweepUserCache({ dryRun: options.dryRun === true });
    if (options.json) io.out(JSON.stringify({ dryRun: options.dryRun === true, cache }, null, 2));
    else io.out(formatCacheSweep(cache, options.dryRun === true));
    return CliExit.Ok;
  }
  const root = useDatastoreRoot(options);
  const { storage, metadata } = openDatastore(root);
  const gc = await collectGarbage(storage, metadata, {
    ...(flow === undefined ? {} : { flows: [await flowNameOf(flow)] }),
    ...(options.olderThan === undefined ? {} : { olderThan: parseOlderThan(options.olderThan) }),
    ...(options.keepLast === undefined ? {} : { keepLast: options.keepLast }),
    force: options.force === true,
    dryRun: options.dryRun === true,
  });
  // Temp files of writers that died mid-write (never one a live writer owns).
  const local = storage.localPath?.bind(storage);
  const tempFiles = local === undefined ? { files: 0, bytes: 0 } : await removeStaleTempFiles(local(flow === undefined ? "" : (gc.flows[0]?.flow ?? "")), { dryRun: options.dryRun === true });
  const report: GcReport = { ...gc, tempFiles, freedBytes: gc.freedBytes + tempFiles.bytes };
  const cache = await sweepUserCache({ dryRun: options.dryRun === true });
  if (options.json) io.out(JSON.stringify({ ...report, cache }, null, 2));
  else for (const line of [...formatGcReport(report), formatCacheSweep(cache, report.dryRun)]) io.out(line);
  return CliExit.Ok;
}

/** The cache sweep as a line for people. */
function formatCacheSweep(cache: CacheSweep, dryRun: boolean): string {
  const hours = CACHE_IDLE_MS / 3_600_000;
  return `Code-package cache ${cache.dir}: ${dryRun ? "would delete" : "deleted"} ${cache.files} file${cache.files === 1 ? "" : "s"} (${formatBytes(cache.bytes)}) not used for ${hours} hour${hours === 1 ? "" : "s"}.`;
}

/** The report as lines for people. */
export function formatGcReport(report: GcReport): string[] {
  const verb = report.dryRun ? "would delete" : "deleted";
  const lines: string[] = [];
  for (const f of report.flows) {
    const runBytes = f.deletedRuns.reduce((n, r) => n + r.bytes, 0);
    lines.push(`${f.flow}: ${verb} ${f.deletedRuns.length} run${f.deletedRuns.length === 1 ? "" : "s"} (${formatBytes(runBytes)}), kept ${f.keptRuns}`);
    for (const r of f.deletedRuns) lines.push(`  ${verb} run ${r.runId} (${r.status}, ${r.createdAt.toISOString()}, ${formatBytes(r.bytes)})`);
    for (const p of f.protectedRuns) lines.push(`  kept run ${p.runId}: ${p.reason}`);
    if (f.sweepSkipped) lines.push(`  unreferenced data not collected: ${f.sweepSkipped}`);
    else lines.push(`  ${verb} ${f.blobs.files} unreferenced blob${f.blobs.files === 1 ? "" : "s"} (${formatBytes(f.blobs.bytes)}), ${f.codePackages.files} code package${f.codePackages.files === 1 ? "" : "s"} (${formatBytes(f.codePackages.bytes)}) and ${f.environments.files} environment file${f.environments.files === 1 ? "" : "s"} (${formatBytes(f.environments.bytes)})`);
  }
  if (report.flows.length === 0) lines.push("No flows in the datastore.");
  if (report.tempFiles !== undefined && report.tempFiles.files > 0) {
    lines.push(`${verb} ${report.tempFiles.files} temp file${report.tempFiles.files === 1 ? "" : "s"} left by writers that died (${formatBytes(report.tempFiles.bytes)})`);
  }
  lines.push(`${report.dryRun ? "Would free" : "Freed"} ${formatBytes(report.freedBytes)}${report.dryRun ? " (dry run: nothing was deleted)" : ""}.`);
  return lines;
}

/** Registers `gc`. */
export function registerGc(program: Command, ctx: CliContext): void {
  withDatastoreRoot(
    program
      .command("gc")
      .description("delete old runs, then the data no remaining run references (every flow unless FLOW is given)")
      .argument("[flow]", "flow file or flow name (default: every flow)")
      .option("--older-than <when>", "delete runs started before this date (2026-01-31) or age (30d, 12h, 2w)")
      .option("--keep-last <n>", "keep the newest N runs of each flow, delete older ones", (v: string) => Number(v))
      .option("--force", "also delete the latest successful run and runs without an end record")
      .option("--dry-run", "print what would be deleted, delete nothing")
      .option("--cache", "only delete the code-package cache's files not used for an hour (no run is deleted)")
      .option("--json", "print the report as JSON"),
  ).action(async (flow: string | undefined, opts: GcCommandOptions) => {
    ctx.setExit(await gcCommand(flow, opts, ctx.io));
  });
}
