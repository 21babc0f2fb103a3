/**
 * MetadataProvider that keeps run records in the same storage as the data
 * (`<Flow>/<run>/_run.json` and `_end.json`; tag changes in `_tags/<n>.json`).
 * @module
 */
import type { StorageBackend } from "../datastore/storage.js";
import { NotFoundError } from "../errors.js";
import type { TagChange } from "./tag-change.js";
import type { MetadataProvider, RunEndRecord, RunRecord } from "./types.js";
import { readLatestTags, updateTags } from "./versioned-tags.js";

/** Run metadata stored beside the data, for local runs. */
export class LocalMetadata implements MetadataProvider {
  constructor(private readonly storage: StorageBackend) {}

  async newRunId(flowName: string): Promise<string> {
    // Millisecond timestamps sort by time; a claim file taken with writeIfAbsent makes two
    // runs started in the same millisecond pick different ids.
    let id = Date.now();
    while (!(await this.storage.writeIfAbsent(`${flowName}/${id}/_claim`, String(process.pid)))) id += 1;
    return String(id);
  }

  registerRun(record: RunRecord): Promise<void> {
    return this.storage.write(`${record.flowName}/${record.runId}/_run.json`, JSON.stringify(record));
  }

  finishRun(flowName: string, runId: string, end: RunEndRecord): Promise<void> {
    return this.storage.write(`${flowName}/${runId}/_end.json`, JSON.stringify(end));
  }

  /** The run record, with the user tags as of the latest tag change (see versioned-tags.ts). */
  async getRun(flowName: string, runId: string): Promise<RunRecord | undefined> {
    const [record, tags] = await Promise.all([this.readJson<RunRecord>(`${flowName}/${runId}/_run.json`), readLatestTags(this.storage, flowName, runId)]);
    return record === undefined || tags === undefined ? record : { ...record, tags: tags.tags };
  }

  async updateTags(flowName: string, runId: string, change: TagChange): Promise<readonly string[]> {
    const record = await this.readJson<RunRecord>(`${flowName}/${runId}/_run.json`);
    if (record === undefined) throw new NotFoundError(`Run ${flowName}/${runId} does not exist in ${this.storage.location}.`);
    return updateTags(this.storage, flowName, runId, record, change);
  }

  getRunEnd(flowName: string, runId: string): Promise<RunEndRecord | undefined> {
    return this.readJson<RunEndRecord>(`${flowName}/${runId}/_end.json`);
  }

  heartbeat(flowName: string, runId: string, at: string): Promise<void> {
    return this.storage.write(`${flowName}/${runId}/_heartbeat.json`, JSON.stringify({ at }));
  }

  async getHeartbeat(flowName: string, runId: string): Promise<string | undefined> {
    return (await this.readJson<{ at: string }>(`${flowName}/${runId}/_heartbeat.json`))?.at;
  }

  async listRuns(flowName: string): Promise<string[]> {
    const names = await this.storage.list(flowName);
    return names.filter((n) => /^\d+$/.test(n)).sort((a, b) => Number(b) - Number(a));
  }

  async listFlows(): Promise<string[]> {
    return (await this.storage.list("")).filter((n) => !n.startsWith("."));
  }

  private async readJson<T>(key: string): Promise<T | undefined> {
    const bytes = await this.storage.read(key);
    return bytes === undefined ? undefined : (JSON.parse(Buffer.from(bytes).toString("utf8")) as T);
  }
}
