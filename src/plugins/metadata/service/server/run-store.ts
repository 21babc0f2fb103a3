/**
 * The metadata service's queries on PostgreSQL: run ids, runs, tags, heartbeats and attempts.
 * A run is `dead` when it has not ended and its last heartbeat is older than `deadAfterSeconds`.
 * @module
 */
import type { Pool, PoolClient } from "pg";
import type { RunEndRecord, RunRecord } from "../../../../metadata/types.js";
import { applyTagChange } from "../../../../metadata/tag-change.js";
import type { ServiceRunStatus, WireAttempt, WireRun, WireRunPage } from "../wire.js";

/** Filters of a run listing. */
export interface RunQuery {
  /** Runs having every one of these tags (user or system). */
  readonly tags?: readonly string[];
  readonly user?: string;
  readonly status?: ServiceRunStatus;
  /** Page size (1..1000). */
  readonly limit: number;
  /** Cursor: only runs older than this run id. */
  readonly before?: string;
}

/** A run or attempt that does not exist. */
export class MissingRecord extends Error {}

interface RunRow {
  record: RunRecord;
  ended: RunEndRecord | null;
  status: ServiceRunStatus;
  heartbeat_at: Date;
  tags: string[];
  run_number: string;
}

/** Runs and attempts in PostgreSQL. */
export class RunStore {
  /** The SQL expression of a run's status (`$1` is the dead-after interval in seconds). */
  private static readonly STATUS = `CASE WHEN status <> 'running' THEN status WHEN heartbeat_at < now() - make_interval(secs => $1::double precision) THEN 'dead' ELSE 'running' END`;

  constructor(
    private readonly pool: Pool,
    private readonly deadAfterSeconds: number,
  ) {}

  /** Flow names with runs, sorted. */
  async listFlows(): Promise<string[]> {
    return (await this.pool.query<{ name: string }>("SELECT name FROM flows ORDER BY name")).rows.map((r) => r.name);
  }

  /** Claims a new run id for a flow: a millisecond timestamp, bumped until no other run has it. */
  async newRunId(flowName: string): Promise<string> {
    await this.pool.query("INSERT INTO flows (name) VALUES ($1) ON CONFLICT DO NOTHING", [flowName]);
    for (let id = Date.now(); ; id++) {
      const r = await this.pool.query("INSERT INTO run_ids (flow_name, run_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", [flowName, String(id)]);
      if (r.rowCount === 1) return String(id);
    }
  }

  /** Registers a run (idempotent: registering the same run again keeps its tags and status). */
  async registerRun(record: RunRecord): Promise<void> {
    await this.pool.query("INSERT INTO flows (name) VALUES ($1) ON CONFLICT DO NOTHING", [record.flowName]);
    await this.pool.query(
      `INSERT INTO runs (flow_name, run_id, run_number, created_at, username, tags, system_tags, record)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (flow_name, run_id) DO UPDATE SET record = EXCLUDED.record, heartbeat_at = now()`,
      [record.flowName, record.runId, record.runId, record.createdAt, record.user, record.tags, record.systemTags, JSON.stringify(record)],
    );
  }

  /** Records the end of a run. */
  async finishRun(flowName: string, runId: string, end: RunEndRecord): Promise<void> {
    const r = await this.pool.query("UPDATE runs SET status = $3, ended = $4, heartbeat_at = now() WHERE flow_name = $1 AND run_id = $2", [flowName, runId, end.status, JSON.stringify(end)]);
    if (r.rowCount !== 1) throw new MissingRecord(`run ${flowName}/${runId} is not registered`);
  }

  /** Deletes a run's records (its attempts go with it); no error when absent. */
  async deleteRun(flowName: string, runId: string): Promise<void> {
    await this.transaction(async (client) => {
      await client.query("DELETE FROM runs WHERE flow_name = $1 AND run_id = $2", [flowName, runId]);
      await client.query("DELETE FROM run_ids WHERE flow_name = $1 AND run_id = $2", [flowName, runId]);
    });
  }

  /** Refreshes a run's heartbeat. */
  async heartbeat(flowName: string, runId: string): Promise<void> {
    const r = await this.pool.query("UPDATE runs SET heartbeat_at = now() WHERE flow_name = $1 AND run_id = $2", [flowName, runId]);
    if (r.rowCount !== 1) throw new MissingRecord(`run ${flowName}/${runId} is not registered`);
  }

  /** One run, or undefined. */
  async getRun(flowName: string, runId: string): Promise<WireRun | undefined> {
    const r = await this.pool.query<RunRow>(`SELECT record, ended, ${RunStore.STATUS} AS status, heartbeat_at, tags, run_number FROM runs WHERE flow_name = $2 AND run_id = $3`, [this.deadAfterSeconds, flowName, runId]);
    return r.rows[0] === undefined ? undefined : toWire(r.rows[0]);
  }

  /** Runs of a flow matching `query`, newest first, one page. */
  async queryRuns(flowName: string, query: RunQuery): Promise<WireRunPage> {
    const params: unknown[] = [this.deadAfterSeconds, flowName];
    const where = ["flow_name = $2"];
    if (query.tags !== undefined && query.tags.length > 0) where.push(`(tags || system_tags) @> $${params.push(query.tags)}::text[]`);
    if (query.user !== undefined) where.push(`username = $${params.push(query.user)}`);
    if (query.status !== undefined) where.push(`${RunStore.STATUS} = $${params.push(query.status)}`);
    if (query.before !== undefined) where.push(`run_number < $${params.push(query.before)}`);
    params.push(query.limit + 1);
    const r = await this.pool.query<RunRow>(
      `SELECT record, ended, ${RunStore.STATUS} AS status, heartbeat_at, tags, run_number FROM runs WHERE ${where.join(" AND ")} ORDER BY run_number DESC LIMIT $${params.length}`,
      params,
    );
    const rows = r.rows.slice(0, query.limit);
    const last = rows.at(-1);
    return { runs: rows.map(toWire), ...(r.rows.length > query.limit && last !== undefined ? { next: last.run_number } : {}) };
  }

  /** Every run id of a flow, newest first. */
  async listRunIds(flowName: string): Promise<string[]> {
    return (await this.pool.query<{ run_id: string }>("SELECT run_id FROM runs WHERE flow_name = $1 ORDER BY run_number DESC", [flowName])).rows.map((r) => r.run_id);
  }

  /** Changes a run's user tags in one transaction (the row is locked: concurrent changes never lose one another). */
  async updateTags(flowName: string, runId: string, change: { add: readonly string[]; remove: readonly string[] }): Promise<string[]> {
    return this.transaction(async (client) => {
      const r = await client.query<{ tags: string[]; system_tags: string[] }>("SELECT tags, system_tags FROM runs WHERE flow_name = $1 AND run_id = $2 FOR UPDATE", [flowName, runId]);
      const row = r.rows[0];
      if (row === undefined) throw new MissingRecord(`run ${flowName}/${runId} is not registered`);
      const tags = applyTagChange(row.tags, row.system_tags, change);
      await client.query("UPDATE runs SET tags = $3 WHERE flow_name = $1 AND run_id = $2", [flowName, runId, tags]);
      return tags;
    });
  }

  /** Registers the start of a task attempt (idempotent). */
  async startAttempt(flowName: string, runId: string, step: string, taskId: string, attempt: number, startedAt: string, info: Record<string, unknown>): Promise<void> {
    try {
      await this.pool.query(
        `INSERT INTO attempts (flow_name, run_id, step_name, task_id, attempt, started_at, info) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (flow_name, run_id, step_name, task_id, attempt) DO UPDATE SET heartbeat_at = now()`,
        [flowName, runId, step, taskId, attempt, startedAt, JSON.stringify(info)],
      );
    } catch (e) {
      if ((e as { code?: string }).code === "23503") throw new MissingRecord(`run ${flowName}/${runId} is not registered`);
      throw e;
    }
  }

  /** Refreshes an attempt's heartbeat. */
  async heartbeatAttempt(flowName: string, runId: string, step: string, taskId: string, attempt: number): Promise<void> {
    const r = await this.pool.query("UPDATE attempts SET heartbeat_at = now() WHERE flow_name = $1 AND run_id = $2 AND step_name = $3 AND task_id = $4 AND attempt = $5", [flowName, runId, step, taskId, attempt]);
    if (r.rowCount !== 1) throw new MissingRecord(`attempt ${flowName}/${runId}/${step}/${taskId}/${attempt} is not registered`);
  }

  /** Records the end of an attempt. */
  async endAttempt(flowName: string, runId: string, step: string, taskId: string, attempt: number, status: "succeeded" | "failed", endedAt: string): Promise<void> {
    const r = await this.pool.query(
      "UPDATE attempts SET status = $6, ended_at = $7, heartbeat_at = now() WHERE flow_name = $1 AND run_id = $2 AND step_name = $3 AND task_id = $4 AND attempt = $5",
      [flowName, runId, step, taskId, attempt, status, endedAt],
    );
    if (r.rowCount !== 1) throw new MissingRecord(`attempt ${flowName}/${runId}/${step}/${taskId}/${attempt} is not registered`);
  }

  /** The attempts of a run, in start order. */
  async listAttempts(flowName: string, runId: string): Promise<WireAttempt[]> {
    const r = await this.pool.query<{ step_name: string; task_id: string; attempt: number; started_at: Date; ended_at: Date | null; heartbeat_at: Date; status: WireAttempt["status"]; info: Record<string, unknown> }>(
      `SELECT step_name, task_id, attempt, started_at, ended_at, heartbeat_at, info,
              CASE WHEN status <> 'running' THEN status WHEN heartbeat_at < now() - make_interval(secs => $1::double precision) THEN 'dead' ELSE 'running' END AS status
       FROM attempts WHERE flow_name = $2 AND run_id = $3 ORDER BY started_at, step_name, task_id, attempt`,
      [this.deadAfterSeconds, flowName, runId],
    );
    return r.rows.map((a) => ({
      step: a.step_name,
      taskId: a.task_id,
      attempt: a.attempt,
      startedAt: a.started_at.toISOString(),
      ...(a.ended_at === null ? {} : { endedAt: a.ended_at.toISOString() }),
      heartbeatAt: a.heartbeat_at.toISOString(),
      status: a.status,
      info: a.info,
    }));
  }

  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }
}

function toWire(row: RunRow): WireRun {
  return {
    record: { ...row.record, tags: row.tags },
    ...(row.ended === null ? {} : { end: row.ended }),
    status: row.status,
    heartbeatAt: row.heartbeat_at.toISOString(),
  };
}
