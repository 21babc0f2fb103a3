/**
 * The MetadataProvider of team mode: run records, tags, attempts and heartbeats kept by the
 * metadata service (`METAFLOW_SERVICE_URL`). Artifacts and logs stay in the datastore.
 * @module
 */
import type { TagChange } from "../../../../metadata/tag-change.js";
import type { AttemptRef, LiveMetadataProvider, RunEndRecord, RunListStatus, RunPage, RunQuery, RunRecord } from "../../../../metadata/types.js";
import type { WireRun, WireRunPage } from "../wire.js";
import { ServiceHttp, type ServiceHttpOptions } from "./service-http.js";

const enc = encodeURIComponent;

/** Run metadata in a metadata service. */
export class ServiceMetadata implements LiveMetadataProvider {
  private readonly http: ServiceHttp;
  private readonly inFlight = new Map<string, Promise<WireRun | undefined>>();

  constructor(options: ServiceHttpOptions) {
    this.http = new ServiceHttp(options);
  }

  /** Where the records live, for messages. */
  get location(): string {
    return this.http.url;
  }

  async newRunId(flowName: string): Promise<string> {
    return (await this.http.call<{ runId: string }>("POST", `/flows/${enc(flowName)}/run-ids`))!.runId;
  }

  async registerRun(record: RunRecord): Promise<void> {
    await this.http.call("PUT", `/flows/${enc(record.flowName)}/runs/${enc(record.runId)}`, record);
  }

  async finishRun(flowName: string, runId: string, end: RunEndRecord): Promise<void> {
    await this.http.call("POST", `/flows/${enc(flowName)}/runs/${enc(runId)}/end`, end);
  }

  async getRun(flowName: string, runId: string): Promise<RunRecord | undefined> {
    return (await this.wireRun(flowName, runId))?.record;
  }

  async getRunEnd(flowName: string, runId: string): Promise<RunEndRecord | undefined> {
    return (await this.wireRun(flowName, runId))?.end;
  }

  async getHeartbeat(flowName: string, runId: string): Promise<string | undefined> {
    return (await this.wireRun(flowName, runId))?.heartbeatAt;
  }

  async runStatus(flowName: string, runId: string): Promise<RunListStatus | undefined> {
    return (await this.wireRun(flowName, runId))?.status;
  }

  async listRuns(flowName: string): Promise<string[]> {
    return (await this.http.call<{ runIds: string[] }>("GET", `/flows/${enc(flowName)}/runs?ids=all`))!.runIds;
  }

  async listFlows(): Promise<string[]> {
    return (await this.http.call<{ flows: string[] }>("GET", "/flows"))!.flows;
  }

  async updateTags(flowName: string, runId: string, change: TagChange): Promise<readonly string[]> {
    return (await this.http.call<{ tags: string[] }>("POST", `/flows/${enc(flowName)}/runs/${enc(runId)}/tags`, { add: change.add ?? [], remove: change.remove ?? [] }))!.tags;
  }

  async queryRuns(flowName: string, query: RunQuery): Promise<RunPage> {
    const params = new URLSearchParams({ limit: String(query.limit) });
    for (const t of query.tags ?? []) params.append("tag", t);
    if (query.user !== undefined) params.set("user", query.user);
    if (query.status !== undefined) params.set("status", query.status);
    if (query.before !== undefined) params.set("before", query.before);
    const page = (await this.http.call<WireRunPage>("GET", `/flows/${enc(flowName)}/runs?${params}`))!;
    return { runs: page.runs.map((r) => ({ record: r.record, status: r.status, heartbeatAt: r.heartbeatAt, ...(r.end === undefined ? {} : { end: r.end }) })), ...(page.next === undefined ? {} : { next: page.next }) };
  }

  /** The service stamps the heartbeat with its own clock (`_at` is the caller's time, unused). */
  async heartbeat(flowName: string, runId: string, _at?: string): Promise<void> {
    await this.http.call("POST", `/flows/${enc(flowName)}/runs/${enc(runId)}/heartbeat`);
  }

  async startAttempt(ref: AttemptRef, startedAt: string, info: Readonly<Record<string, unknown>>): Promise<void> {
    await this.http.call("PUT", attemptPath(ref), { startedAt, info });
  }

  async heartbeatAttempt(ref: AttemptRef): Promise<void> {
    await this.http.call("POST", `${attemptPath(ref)}/heartbeat`);
  }

  async endAttempt(ref: AttemptRef, status: "succeeded" | "failed", endedAt: string): Promise<void> {
    await this.http.call("POST", `${attemptPath(ref)}/end`, { status, endedAt });
  }

  async deleteRun(flowName: string, runId: string): Promise<void> {
    await this.http.call("DELETE", `/flows/${enc(flowName)}/runs/${enc(runId)}`);
  }

  /** One GET per run however many of getRun/getRunEnd/runStatus ask for it at the same moment. */
  private wireRun(flowName: string, runId: string): Promise<WireRun | undefined> {
    const key = `${flowName}/${runId}`;
    let pending = this.inFlight.get(key);
    if (pending === undefined) {
      pending = this.http.call<WireRun>("GET", `/flows/${enc(flowName)}/runs/${enc(runId)}`, undefined, true).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }
}

function attemptPath(ref: AttemptRef): string {
  return `/flows/${enc(ref.flowName)}/runs/${enc(ref.runId)}/steps/${enc(ref.step)}/tasks/${enc(ref.taskId)}/attempts/${ref.attempt}`;
}
