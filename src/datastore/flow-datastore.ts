/**
 * The datastore of one flow: its blobs, code packages, runs, steps and tasks.
 *
 * Layout (keys under the storage root):
 * ```
 * <Flow>/data/<ab>/<sha>                       artifact blobs (content-addressed)
 * <Flow>/code/<sha>.mjs                        code packages (content-addressed)
 * <Flow>/<run>/_run.json, _end.json            run metadata (see metadata/)
 * <Flow>/<run>/_tags/<n>.json                 user tags after change n (see metadata/versioned-tags.ts)
 * <Flow>/<run>/<step>/<task>/<n>.attempt.json  attempt n started
 * <Flow>/<run>/<step>/<task>/<n>.stdout|stderr logs of attempt n (not written when empty)
 * <Flow>/<run>/<step>/<task>/<n>.done.json     attempt n is done (written last); for a successful
 *                                              attempt it holds the artifact index (`index`)
 * <Flow>/<run>/<step>/<task>/<n>.data.json     artifact index of attempt n, in runs written by
 *                                              older versions (read, no longer written)
 * ```
 * @module
 */
import { cacheCodePackage } from "./code-package-path.js";
import { ContentAddressedStore, sha256 } from "./content-addressed-store.js";
import type { StorageBackend } from "./storage.js";
import { TaskDatastore } from "./task-datastore.js";

/** Access to everything stored for one flow. */
export class FlowDatastore {
  /** Artifact blobs of this flow. */
  readonly blobs: ContentAddressedStore;

  constructor(
    readonly storage: StorageBackend,
    readonly flowName: string,
  ) {
    this.blobs = new ContentAddressedStore(storage, `${flowName}/data`);
  }

  /** The datastore of one task attempt. */
  task(runId: string, step: string, taskId: string, attempt: number): TaskDatastore {
    return new TaskDatastore(this.storage, this.blobs, this.flowName, runId, step, taskId, attempt);
  }

  /** Step names of a run that have tasks (folders), sorted. */
  async listSteps(runId: string): Promise<string[]> {
    const names = await this.storage.list(`${this.flowName}/${runId}`);
    return names.filter((n) => !n.includes("."));
  }

  /** Task ids of a step, in numeric order. */
  async listTasks(runId: string, step: string): Promise<string[]> {
    const names = await this.storage.list(`${this.flowName}/${runId}/${step}`);
    return names.sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  }

  /** Attempt numbers of a task that started, ascending. */
  async listAttempts(runId: string, step: string, taskId: string): Promise<number[]> {
    const names = await this.storage.list(`${this.flowName}/${runId}/${step}/${taskId}`);
    return names
      .filter((n) => n.endsWith(".attempt.json"))
      .map((n) => Number(n.split(".")[0]))
      .sort((a, b) => a - b);
  }

  /** The latest attempt of a task that is done, with its datastore; undefined if none is. */
  async latestDoneAttempt(runId: string, step: string, taskId: string): Promise<TaskDatastore | undefined> {
    const attempts = await this.listAttempts(runId, step, taskId);
    for (const attempt of attempts.reverse()) {
      const ds = this.task(runId, step, taskId, attempt);
      if ((await ds.readDone()) !== undefined) return ds;
    }
    return undefined;
  }

  /**
   * Stores a code package (a bundled ES module) and returns its content hash. On a remote
   * datastore it also goes into this machine's code cache, so it is never downloaded back here.
   */
  async putCodePackage(code: string): Promise<string> {
    const sha = sha256(code);
    await this.storage.writeIfAbsent(this.codeKey(sha), code);
    if (this.storage.localPath?.(this.codeKey(sha)) === undefined) await cacheCodePackage(sha, code);
    return sha;
  }

  /** The code package's source text. */
  async readCodePackage(sha: string): Promise<string | undefined> {
    const bytes = await this.storage.read(this.codeKey(sha));
    return bytes === undefined ? undefined : Buffer.from(bytes).toString("utf8");
  }

  /** Storage key of a code package. */
  codeKey(sha: string): string {
    return `${this.flowName}/code/${sha}.mjs`;
  }
}
