/**
 * A fresh PostgreSQL database per test file, on the server `.ci/services/30-postgres.sh` starts
 * (METAFLOW_TEST_DATABASE_URL), and a metadata service started in-process on it.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { startMetadataService, type MetadataService, type MetadataServiceOptions } from "../../src/plugins/metadata/service/server/start-service.js";
import { serviceVariable } from "./services.js";

/** The admin URL, or a skip reason outside CI when no server is set. */
export const postgres = serviceVariable("METAFLOW_TEST_DATABASE_URL", "30-postgres.sh");

/** Creates an empty database and resolves to its URL. */
export async function createTestDatabase(): Promise<string> {
  const admin = postgres.value;
  if (admin === undefined) throw new Error("METAFLOW_TEST_DATABASE_URL is not set");
  const name = `mfts_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Starts a metadata service on a fresh database (port chosen by the OS). */
export async function startTestService(options: Partial<MetadataServiceOptions> = {}): Promise<MetadataService & { databaseUrl: string }> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
  const service = await startMetadataService({ port: 0, ...options, databaseUrl });
  return Object.assign(service, { databaseUrl });
}
