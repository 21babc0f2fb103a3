/**
 * Paged, filtered listing of a flow's runs, newest first. With the metadata service, the service
 * filters and pages. With records in the datastore, run ids sort by time, so a page is the next
 * ids after a cursor; only the records of the runs looked at are read (a few in parallel), never
 * the whole flow, unless a filter has to skip many runs to fill a page.
 * @module
 */
import type { LiveMetadataProvider } from "../metadata/types.js";
import { getNamespace } from "./namespace.js";
import { loadRun, Run, type RunStatus } from "./run.js";

/** Which runs {@link listRunPage} returns. */
export interface RunFilter {
  /** Only runs in this state. */
  readonly status?: RunStatus;
  /** Only runs having every one of these tags (user or system tags). */
  readonly tags?: readonly string[];
  /** Only runs started by this user. */
  readonly user?: string;
  /** Page size. @default 50 */
  readonly limit?: number;
  /** Start after this run id (the `nextCursor` of the previous page). */
  readonly cursor?: string;
}

/** One page of runs. */
export interface RunListPage {
  readonly runs: readonly Run[];
  /** Pass as `cursor` for the next page; undefined on the last page. */
  readonly nextCursor?: string;
}

function pageSize(filter: RunFilter): number {
  return Math.max(1, filter.limit ?? 50);
}

/** One page of runs from a provider that filters and pages itself (the metadata service), in the current namespace. */
export async function queryLiveRunPage(md: LiveMetadataProvider, flowName: string, root: string | undefined, filter: RunFilter): Promise<RunListPage> {
  const ns = getNamespace();
  const page = await md.queryRuns(flowName, {
    tags: [...(filter.tags ?? []), ...(ns === null ? [] : [ns])],
    limit: pageSize(filter),
    ...(filter.user === undefined ? {} : { user: filter.user }),
    ...(filter.status === undefined ? {} : { status: filter.status }),
    ...(filter.cursor === undefined ? {} : { before: filter.cursor }),
  });
  return { runs: page.runs.map((e) => new Run(e.record, e.end, root, e.heartbeatAt, e.status)), ...(page.next === undefined ? {} : { nextCursor: page.next }) };
}

/** Runs read in parallel while filling a page. */
const BATCH = 32;

/** Whether a run passes the filter and the namespace in effect. */
function matches(run: Run, filter: RunFilter, ns: string | null): boolean {
  const all = [...run.tags, ...run.systemTags];
  if (ns !== null && !all.includes(ns)) return false;
  if (filter.status !== undefined && run.status !== filter.status) return false;
  if (filter.user !== undefined && run.user !== filter.user) return false;
  return (filter.tags ?? []).every((t) => all.includes(t));
}

/** One page of the runs of `flowName` (ids newest first) that pass `filter`, in the current namespace. */
export async function listRunPage(ids: readonly string[], flowName: string, root: string | undefined, filter: RunFilter): Promise<RunListPage> {
  const limit = pageSize(filter);
  const ns = getNamespace();
  let start = 0;
  if (filter.cursor !== undefined) {
    const after = Number(filter.cursor);
    start = ids.findIndex((id) => Number(id) < after);
    if (start < 0) return { runs: [] };
  }
  const runs: Run[] = [];
  for (let i = start; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    // A run being created or deleted right now has no readable record: it is skipped.
    const loaded = await Promise.all(batch.map((id) => loadRun(flowName, id, root).catch(() => undefined)));
    for (let j = 0; j < loaded.length; j++) {
      const run = loaded[j];
      if (run === undefined || !matches(run, filter, ns)) continue;
      runs.push(run);
      if (runs.length === limit) {
        const more = i + j + 1 < ids.length;
        return more ? { runs, nextCursor: run.id } : { runs };
      }
    }
  }
  return { runs };
}
