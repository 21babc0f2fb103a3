/**
 * Client Flow: the runs of one flow.
 * @module
 */
import { NotFoundError } from "../errors.js";
import { clientContext } from "./client-context.js";
import { getNamespace } from "./namespace.js";
import { loadRun, type Run } from "./run.js";

/** A flow and its runs. */
export class Flow {
  /** @internal */
  constructor(readonly name: string) {}

  /** The flow named `name`; throws when it has no runs. */
  static async get(name: string): Promise<Flow> {
    const runs = await clientContext().metadata.listRuns(name);
    if (runs.length === 0) throw new NotFoundError(`Flow ${name} has no runs in ${clientContext().root}.`);
    return new Flow(name);
  }

  /** Every flow that has runs. */
  static async list(): Promise<Flow[]> {
    return (await clientContext().metadata.listFlows()).map((n) => new Flow(n));
  }

  get pathspec(): string {
    return this.name;
  }

  /** The runs in the current namespace, newest first; with `tags`, only runs having all of them. */
  async *runs(...tags: string[]): AsyncGenerator<Run> {
    const ns = getNamespace();
    for (const id of await clientContext().metadata.listRuns(this.name)) {
      let run: Run;
      try {
        run = await loadRun(this.name, id);
      } catch {
        continue; // a run being created right now
      }
      const all = [...run.tags, ...run.systemTags];
      if (ns !== null && !all.includes(ns)) continue;
      if (tags.every((t) => all.includes(t))) yield run;
    }
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
