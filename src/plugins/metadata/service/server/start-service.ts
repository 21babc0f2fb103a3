/**
 * Starts the metadata service: connects to PostgreSQL (a clear error naming the database when
 * it cannot), migrates the schema, and serves the HTTP API.
 * @module
 */
import { serve } from "@hono/node-server";
import pg from "pg";
import { ErrorCode, MetaflowError } from "../../../../errors.js";
import { createServiceApp } from "./app.js";
import { migrate } from "./migrations.js";
import { RunStore } from "./run-store.js";

/** Options of {@link startMetadataService}. */
export interface MetadataServiceOptions {
  /** `postgres://user:password@host:port/database`. */
  readonly databaseUrl: string;
  /** @default 8080 */
  readonly port?: number;
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  readonly authToken?: string;
  /** A run that has not ended is `dead` once its last heartbeat is older than this. @default 60 */
  readonly deadAfterSeconds?: number;
  /** Reported by `/api/v1/ping`. */
  readonly version?: string;
}

/** A running service. */
export interface MetadataService {
  /** `http://host:port` */
  readonly url: string;
  /** Schema versions this start applied (empty when the schema was current). */
  readonly migrated: readonly number[];
  /** Stops serving and closes the database pool. */
  close(): Promise<void>;
}

/** The database URL without its password, for messages. */
export function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== "") u.password = "***";
    return u.toString();
  } catch {
    return "(an unparsable database URL)";
  }
}

/** Connects, migrates and serves; rejects with a typed error when the database cannot be used. */
export async function startMetadataService(options: MetadataServiceOptions): Promise<MetadataService> {
  const where = redactDatabaseUrl(options.databaseUrl);
  if (!/^postgres(ql)?:\/\//.test(options.databaseUrl)) {
    throw new MetaflowError(ErrorCode.UsageError, `--database-url must be a PostgreSQL URL (postgres://user:password@host:port/database); got ${where}.`);
  }
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10, connectionTimeoutMillis: 10_000 });
  pool.on("error", () => undefined); // an idle client's connection dropped: the pool replaces it
  let migrated: number[];
  try {
    migrated = await migrate(pool);
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new MetaflowError(ErrorCode.MetadataService, `Cannot use the database ${where}: ${(e as Error).message}. Check that PostgreSQL is running there and that the URL's user, password and database are right.`, { cause: e });
  }
  const store = new RunStore(pool, options.deadAfterSeconds ?? 60);
  const app = createServiceApp(store, { version: options.version ?? "unknown", ...(options.authToken === undefined ? {} : { authToken: options.authToken }) });
  const host = options.host ?? "127.0.0.1";
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 8080, hostname: host }, () => resolve(s));
    s.once("error", (e) => reject(new MetaflowError(ErrorCode.UsageError, `Cannot listen on ${host}:${options.port ?? 8080}: ${e.message}. Choose another --port.`, { cause: e })));
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : (options.port ?? 8080);
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    migrated,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
