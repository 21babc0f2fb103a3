/**
 * Bench: `metaflow-ts runs FLOW --json` (the newest 20 runs) through the metadata service with
 * 100,000 runs, against the embedded default (records in a local datastore) with 1,000 runs.
 *
 *   npm run build && node --import tsx bench/service-listing.ts --database-url postgres://postgres@127.0.0.1:55432/postgres
 *
 * (or METAFLOW_TEST_DATABASE_URL). Creates a fresh database, seeds it with SQL (registration speed is
 * not what is measured), and prints medians of 7 timed CLI runs each, plus their ratio.
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { LocalStorage } from "../src/datastore/local-storage.js";
import { LocalMetadata } from "../src/metadata/local-metadata.js";
import type { RunRecord } from "../src/metadata/types.js";
import { startMetadataService } from "../src/plugins/metadata/service/server/start-service.js";
import { execCli } from "./lib/measure.js";

const REPS = 7;
const SERVICE_RUNS = Number(process.env.BENCH_SERVICE_RUNS ?? 100_000);
const LOCAL_RUNS = 1_000;
const FLOW = "ListingFlow";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

function record(runId: string): RunRecord {
  return { flowName: FLOW, runId, createdAt: new Date(Number(runId)).toISOString(), user: os.userInfo().username, tags: ["bench"], systemTags: [`user:${os.userInfo().username}`, "metaflow-ts"], codePackage: "x", flowFile: "flow.ts", graph: { flowName: FLOW, steps: {}, order: [] } as unknown as RunRecord["graph"], stepDecorators: {} };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function timeRuns(cwd: string, env: Record<string, string | undefined>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < REPS; i++) samples.push((await execCli(["runs", FLOW, "--json", "--datastore-root", path.join(cwd, "ds")], { cwd, env, expectOutput: /"runId"/ })).wallMs);
  return median(samples);
}

const admin = arg("--database-url") ?? process.env.METAFLOW_TEST_DATABASE_URL;
if (admin === undefined) throw new Error("pass --database-url postgres://... (a server where this bench may create a database)");
const dbName = `mfts_bench_${Date.now()}`;
const client = new pg.Client({ connectionString: admin });
await client.connect();
await client.query(`CREATE DATABASE ${dbName}`);
await client.end();
const url = new URL(admin);
url.pathname = `/${dbName}`;
const service = await startMetadataService({ databaseUrl: url.toString(), port: 0 });
const dir = mkdtempSync(path.join(os.tmpdir(), "mfts-bench-listing-"));
try {
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  const base = Date.now() - SERVICE_RUNS * 1000;
  await db.query("INSERT INTO flows (name) VALUES ($1)", [FLOW]);
  const proto = record("0");
  await db.query(
    `INSERT INTO runs (flow_name, run_id, run_number, created_at, username, tags, system_tags, record, status, ended)
     SELECT $1, (${base} + g * 1000)::text, ${base} + g * 1000, to_timestamp((${base} + g * 1000) / 1000.0), $2, $3, $4,
            jsonb_set(jsonb_set($5::jsonb, '{runId}', to_jsonb((${base} + g * 1000)::text)), '{createdAt}', to_jsonb(to_char(to_timestamp((${base} + g * 1000) / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))),
            'succeeded', jsonb_build_object('status', 'succeeded', 'finishedAt', to_char(to_timestamp((${base} + g * 1000 + 500) / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
     FROM generate_series(1, ${SERVICE_RUNS}) AS g`,
    [FLOW, proto.user, proto.tags, proto.systemTags, JSON.stringify(proto)],
  );
  await db.query("ANALYZE runs");
  await db.end();

  const local = new LocalMetadata(new LocalStorage(path.join(dir, "ds")));
  const localBase = Date.now() - LOCAL_RUNS * 1000;
  for (let i = 1; i <= LOCAL_RUNS; i++) {
    const id = String(localBase + i * 1000);
    await local.registerRun(record(id));
    await local.finishRun(FLOW, id, { status: "succeeded", finishedAt: new Date(Number(id) + 500).toISOString() });
  }
  const serviceMs = await timeRuns(dir, { METAFLOW_SERVICE_URL: service.url });
  const localMs = await timeRuns(dir, { METAFLOW_SERVICE_URL: undefined });
  console.log(`runs --json (newest 20), medians of ${REPS}:`);
  console.log(`  metadata service, ${SERVICE_RUNS.toLocaleString("en")} runs: ${serviceMs.toFixed(0)} ms`);
  console.log(`  embedded default, ${LOCAL_RUNS.toLocaleString("en")} runs: ${localMs.toFixed(0)} ms`);
  console.log(`  ratio service/embedded: ${(serviceMs / localMs).toFixed(2)}`);
} finally {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await c.end();
}
