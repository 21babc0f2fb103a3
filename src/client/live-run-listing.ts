/**
 * Listing runs through a live metadata provider (the metadata service): the provider filters and
 * pages, so iterating the newest runs of a flow with 100,000 runs reads one page at a time.
 * @module
 */
import type { LiveMetadataProvider } from "../metadata/types.js";
import { Run } from "./run.js";

/** The runs of `flowName` having every tag of `tags`, newest first, a page at a time. */
export async function* iterateLiveRuns(md: LiveMetadataProvider, flowName: string, tags: readonly string[], root: string | undefined): AsyncGenerator<Run> {
  let before: string | undefined;
  let limit = 20; // the first page is what `runs` shows; later pages are larger
  for (;;) {
    const page = await md.queryRuns(flowName, { tags, limit, ...(before === undefined ? {} : { before }) });
    for (const entry of page.runs) yield new Run(entry.record, entry.end, root, entry.heartbeatAt, entry.status);
    if (page.next === undefined) return;
    before = page.next;
    limit = 200;
  }
}

/** Whether the flow has any run in the provider. */
export async function hasLiveRuns(md: LiveMetadataProvider, flowName: string): Promise<boolean> {
  return (await md.queryRuns(flowName, { limit: 1 })).runs.length > 0;
}
