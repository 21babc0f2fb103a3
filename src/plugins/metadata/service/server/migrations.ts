/**
 * The metadata service's schema, as numbered migrations applied in order at start. Applying is
 * safe to repeat (applied versions are recorded in `schema_migrations`) and safe with several
 * service instances starting at once (a transaction-level advisory lock serialises them).
 * A migration, once released, is never edited: a change is a new migration.
 * @module
 */
import type { Pool } from "pg";

/** One schema change. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/** Every migration, oldest first. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: "flows, run ids, runs, tasks and attempts",
    sql: `
      CREATE TABLE flows (
        name        text PRIMARY KEY,
        created_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE run_ids (
        flow_name   text NOT NULL REFERENCES flows (name),
        run_id      text NOT NULL,
        claimed_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (flow_name, run_id)
      );
      CREATE TABLE runs (
        flow_name     text NOT NULL REFERENCES flows (name),
        run_id        text NOT NULL,
        run_number    bigint NOT NULL,
        created_at    timestamptz NOT NULL,
        username      text NOT NULL,
        tags          text[] NOT NULL,
        system_tags   text[] NOT NULL,
        record        jsonb NOT NULL,
        status        text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
        ended         jsonb,
        heartbeat_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (flow_name, run_id)
      );
      CREATE INDEX runs_newest ON runs (flow_name, run_number DESC);
      CREATE INDEX runs_user_newest ON runs (flow_name, username, run_number DESC);
      CREATE INDEX runs_status_newest ON runs (flow_name, status, run_number DESC);
      CREATE INDEX runs_all_tags ON runs USING gin ((tags || system_tags));
      CREATE TABLE attempts (
        flow_name     text NOT NULL,
        run_id        text NOT NULL,
        step_name     text NOT NULL,
        task_id       text NOT NULL,
        attempt       integer NOT NULL CHECK (attempt >= 0),
        started_at    timestamptz NOT NULL,
        heartbeat_at  timestamptz NOT NULL DEFAULT now(),
        ended_at      timestamptz,
        status        text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
        info          jsonb NOT NULL DEFAULT '{}'::jsonb,
        PRIMARY KEY (flow_name, run_id, step_name, task_id, attempt),
        FOREIGN KEY (flow_name, run_id) REFERENCES runs (flow_name, run_id) ON DELETE CASCADE
      );
    `,
  },
];

/** An arbitrary constant naming the advisory lock that serialises migrations. */
const MIGRATION_LOCK = 7_261_330_041;

/** Applies the migrations not applied yet; resolves to the versions applied now. */
export async function migrate(pool: Pool): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await client.query("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
    const done = new Set((await client.query<{ version: number }>("SELECT version FROM schema_migrations")).rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query("INSERT INTO schema_migrations (version, description) VALUES ($1, $2)", [m.version, m.description]);
      applied.push(m.version);
    }
    await client.query("COMMIT");
    return applied;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
