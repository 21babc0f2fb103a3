/**
 * Client Flow: the runs of one flow.
 * @module
 */
import { NotFoundError } from "../errors.js";
import { clientContext } from "./client-context.js";
import { getNamespace } from "./namespace.js";
import { loadRun, Run } from "./run.js";
import { hasLiveRuns, iterateLiveRuns } from "./live-run-listing.js";
import { isLiveMetadataProvider } from "../metadata/types.js";
import { listRunPage, queryLiveRunPage, type RunFilter, type RunListPage } from "./run-listing.js";

/** Runs read ahead in parallel while iterating. */
const READ_AHEAD = 16;

/** A flow and its runs. */
export class Flow {
  /** @internal */
  constructor(
    readonly name: string,
    private readonly root?: string,
  ) {}

  /** The flow named `name`; throws a NOT_FOUND error when it has no runs. */
  static async get(name: string): Promise<Flow> {
    const ctx = clientContext();
    const md = ctx.metadata;
    const any = isLiveMetadataProvider(md) ? await hasLiveRuns(md, name) : (await md.listRuns(name)).length > 0;
    if (!any) {
      const known = await ctx.metadata.listFlows();
      throw new NotFoundError(`Flow ${name} has no runs in ${ctx.root}.${known.length > 0 ? ` Flows with runs: ${known.join(", ")}.` : ""}`);
    }
    return new Flow(name, ctx.root);
  }

  /** Every flow that has runs in the datastore. */
  static async list(): Promise<Flow[]> {
    const ctx = clientContext();
    return (await ctx.metadata.listFlows()).map((n) => new Flow(n, ctx.root));
  }

  /** The flow name. */
  get id(): string {
    return this.name;
  }
  get pathspec(): string {
    return this.name;
  }

  /**
   * The runs in the current namespace, newest first; with `tags`, only runs having all of them
   * (user or system tags). Reads run records only, a few ahead, as you iterate.
   */
  async *runs(...tags: string[]): AsyncGenerator<Run> {
    const ns = getNamespace();
    const md = clientContext(this.root).metadata;
    if (isLiveMetadataProvider(md)) {
      yield* iterateLiveRuns(md, this.name, ns === null ? tags : [...tags, ns], this.root);
      return;
    }
    const ids = await md.listRuns(this.name);
    for (let i = 0; i < ids.length; i += READ_AHEAD) {
      const batch = await Promise.all(ids.slice(i, i + READ_AHEAD).map((id) => loadRun(this.name, id, this.root).catch(() => undefined)));
      for (const run of batch) {
        if (run === undefined) continue; // a run being created right now, or being deleted
        const all = [...run.tags, ...run.systemTags];
        if (ns !== null && !all.includes(ns)) continue;
        if (tags.every((t) => all.includes(t))) yield run;
      }
    }
  }

  /**
   * One page of runs, newest first, filtered by status, tags and user (in the current namespace):
   * `const { runs, nextCursor } = await flow.listRuns({ status: "failed", limit: 20 })`, then
   * `flow.listRuns({ status: "failed", cursor: nextCursor })` for the next page. Reads only the
   * records of the runs it looks at.
   */
  async listRuns(filter: RunFilter = {}): Promise<RunListPage> {
    const md = clientContext(this.root).metadata;
    if (isLiveMetadataProvider(md)) return queryLiveRunPage(md, this.name, this.root, filter); // the service filters and pages
    return listRunPage(await md.listRuns(this.name), this.name, this.root, filter);
  }

  /** One run by id (in the current namespace). */
  run(runId: string): Promise<Run> {
    return Run.get(`${this.name}/${runId}`);
  }

  /** The newest run in the namespace. */
  async latestRun(): Promise<Run | undefined> {
    for await (const run of this.runs()) return run;
    return undefined;
  }

  /** The newest successful run in the namespace. */
  async latestSuccessfulRun(): Promise<Run | undefined> {
    for await (const run of this.runs()) if (run.successful) return run;
    return undefined;
  }
}
