/**
 * `gc`: deletes the runs that {@link planRunDeletion} selects, then the blobs, code packages and
 * stored environments that no remaining run references (mark: every artifact index of every
 * attempt of every kept run, their code packages and the environments their `_environment.json`
 * records; sweep: everything else under `<Flow>/data`, `<Flow>/code` and `<Flow>/environments`).
 *
 * Safety: a run without an end record (running, or its scheduler died) is neither deleted nor
 * swept around: while a flow has one, its blobs are left alone (a running task writes blobs
 * before the index that references them), unless `force`. Do not start runs of a flow while
 * gc runs on it with `force`.
 * @module
 */
import { isLiveMetadataProvider, type MetadataProvider } from "../../metadata/types.js";
import type { StorageBackend, StorageEntry } from "../storage.js";
import { planRunDeletion, type GcCriteria, type GcRunInfo } from "./plan-gc.js";
import { readRunEnvironments } from "../run-environments.js";
import { mapBounded } from "../../async/map-bounded.js";

/** Options of {@link collectGarbage}. */
export interface GcOptions extends GcCriteria {
  /** Flows to collect. @default every flow in the datastore */
  readonly flows?: readonly string[];
  /** Report what would be deleted, delete nothing. */
  readonly dryRun?: boolean;
}

/** Files and bytes freed (or that would be). */
export interface GcAmount {
  readonly files: number;
  readonly bytes: number;
}

/** What gc did to one flow. */
export interface GcFlowReport {
  readonly flow: string;
  readonly deletedRuns: readonly (GcRunInfo & GcAmount)[];
  readonly protectedRuns: readonly { readonly runId: string; readonly reason: string }[];
  readonly keptRuns: number;
  readonly blobs: GcAmount;
  readonly codePackages: GcAmount;
  /** Stored environments (`@npm`: `<Flow>/environments/<id>.*`) no remaining run records. */
  readonly environments: GcAmount;
  /** Set when unreferenced blobs were not looked for, and why. */
  readonly sweepSkipped?: string;
}

/** What gc did. */
export interface GcReport {
  readonly dryRun: boolean;
  readonly flows: readonly GcFlowReport[];
  /** Temp files that writers killed mid-write left behind (local datastore), removed. */
  readonly tempFiles?: GcAmount;
  /** Total bytes freed (or that would be, on a dry run). */
  readonly freedBytes: number;
}

/** Deletes old runs and unreferenced data. */
export async function collectGarbage(storage: StorageBackend, metadata: MetadataProvider, options: GcOptions): Promise<GcReport> {
  const flows = options.flows ?? (await metadata.listFlows());
  const reports: GcFlowReport[] = [];
  for (const flow of flows) reports.push(await collectFlow(storage, metadata, flow, options));
  const freedBytes = reports.reduce((n, r) => n + r.blobs.bytes + r.codePackages.bytes + r.environments.bytes + r.deletedRuns.reduce((m, d) => m + d.bytes, 0), 0);
  return { dryRun: options.dryRun === true, flows: reports, freedBytes };
}

async function collectFlow(storage: StorageBackend, metadata: MetadataProvider, flow: string, options: GcOptions): Promise<GcFlowReport> {
  const ids = await metadata.listRuns(flow);
  const infos = await Promise.all(
    ids.map(async (runId): Promise<GcRunInfo & { codePackage?: string }> => {
      const [record, end] = await Promise.all([metadata.getRun(flow, runId), metadata.getRunEnd(flow, runId)]);
      const createdAt = new Date(record?.createdAt ?? Number(runId));
      return { runId, createdAt, status: end?.status ?? "unfinished", ...(record ? { codePackage: record.codePackage } : {}) };
    }),
  );
  const plan = planRunDeletion(infos, options);
  const deletedRuns: (GcRunInfo & GcAmount)[] = [];
  for (const run of plan.remove) {
    const amount = total(await storage.listRecursive(`${flow}/${run.runId}`));
    if (!options.dryRun) {
      await storage.delete(`${flow}/${run.runId}`);
      // With the metadata service the run's records live there: they go after the data (a gc stopped in between is finished by the next).
      if (isLiveMetadataProvider(metadata)) await metadata.deleteRun(flow, run.runId);
    }
    deletedRuns.push({ runId: run.runId, createdAt: run.createdAt, status: run.status, ...amount });
  }
  const base = { flow, deletedRuns, protectedRuns: plan.protected.map((p) => ({ runId: p.run.runId, reason: p.reason })), keptRuns: plan.keep.length };
  const none = { files: 0, bytes: 0 };
  const unfinished = plan.keep.find((r) => r.status === "unfinished");
  if (unfinished !== undefined && !options.force) {
    return { ...base, blobs: none, codePackages: none, environments: none, sweepSkipped: `run ${flow}/${unfinished.runId} has no end record (running, or its scheduler died); its data may not be indexed yet. Pass --force once it is not running.` };
  }
  const kept = new Set(plan.keep.map((r) => r.runId));
  const shas = await referencedBlobs(storage, flow, [...kept]);
  const code = new Set(infos.filter((r) => kept.has(r.runId)).map((r) => r.codePackage));
  const blobs = await sweep(storage, `${flow}/data`, (name) => !shas.has(name), options.dryRun === true);
  const codePackages = await sweep(storage, `${flow}/code`, (name) => !code.has(name.replace(/\.mjs$/, "")), options.dryRun === true);
  const envIds = await referencedEnvironments(storage, flow, [...kept]);
  const environments = await sweep(storage, `${flow}/environments`, (name) => !envIds.has(name.split(".")[0] as string), options.dryRun === true);
  return { ...base, blobs, codePackages, environments };
}

/**
 * Every blob hash that an artifact index of these runs references (one recursive listing per run,
 * index reads in parallel). An index is in a done record (`<n>.done.json`), or in `<n>.data.json`
 * for runs written by older versions (and for an attempt killed between the two writes).
 */
async function referencedBlobs(storage: StorageBackend, flow: string, runIds: readonly string[]): Promise<Set<string>> {
  const shas = new Set<string>();
  for (const runId of runIds) {
    const records = (await storage.listRecursive(`${flow}/${runId}`)).filter((e) => e.key.endsWith(".data.json") || e.key.endsWith(".done.json"));
    await mapBounded(records, 64, async ({ key }) => {
      const bytes = await storage.read(key);
      if (bytes === undefined) return;
      const record = JSON.parse(Buffer.from(bytes).toString("utf8")) as Record<string, unknown>;
      const index = (key.endsWith(".done.json") ? record.index : record) as Record<string, { sha: string }> | undefined;
      for (const ref of Object.values(index ?? {})) shas.add(ref.sha);
    });
  }
  return shas;
}

/** The ids of the environments these runs' steps used (their `_environment.json`). */
async function referencedEnvironments(storage: StorageBackend, flow: string, runIds: readonly string[]): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const runId of runIds) {
    const envs = await readRunEnvironments(storage, flow, runId);
    for (const step of Object.values(envs?.steps ?? {})) ids.add(step.id);
  }
  return ids;
}

/** Deletes the objects under `prefix` whose name (last key segment) `unused` selects. */
async function sweep(storage: StorageBackend, prefix: string, unused: (name: string) => boolean, dryRun: boolean): Promise<GcAmount> {
  const doomed = (await storage.listRecursive(prefix)).filter((e) => unused(e.key.slice(e.key.lastIndexOf("/") + 1)));
  if (!dryRun) for (const e of doomed) await storage.delete(e.key);
  return total(doomed);
}

function total(entries: readonly StorageEntry[]): GcAmount {
  return { files: entries.length, bytes: entries.reduce((n, e) => n + e.size, 0) };
}
