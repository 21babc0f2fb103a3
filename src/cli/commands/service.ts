/**
 * `metaflow-ts service --database-url postgres://...`: runs the metadata service (team mode)
 * until SIGINT/SIGTERM. Binds to 127.0.0.1 unless `--host` says otherwise; with
 * `METAFLOW_SERVICE_AUTH_TOKEN` set, every request must carry that token.
 * @module
 */
import type { Command } from "commander";
import { createRequire } from "node:module";
import type { CliContext, CommandIo } from "../command-io.js";
import { CliExit } from "../exit-codes.js";
import { ErrorCode, MetaflowError } from "../../errors.js";
import { positiveInt } from "../options.js";

/** Options of `service`. */
export interface ServiceCommandOptions {
  readonly databaseUrl?: string;
  readonly port?: number;
  readonly host?: string;
  readonly deadAfter?: number;
}

/** Runs the service until a signal; resolves to the exit code. */
export async function serviceCommand(options: ServiceCommandOptions, io: CommandIo): Promise<number> {
  const databaseUrl = options.databaseUrl ?? process.env.METAFLOW_SERVICE_DATABASE_URL;
  if (databaseUrl === undefined || databaseUrl === "") {
    throw new MetaflowError(ErrorCode.UsageError, "The metadata service needs a PostgreSQL database: pass --database-url postgres://user:password@host:port/database (or set METAFLOW_SERVICE_DATABASE_URL).");
  }
  const authToken = process.env.METAFLOW_SERVICE_AUTH_TOKEN;
  // Loaded on use: the server pulls in pg and hono, which no other command needs.
  const { startMetadataService } = await import("../../plugins/metadata/service/server/start-service.js");
  const service = await startMetadataService({
    databaseUrl,
    port: options.port ?? 8080,
    host: options.host ?? "127.0.0.1",
    ...(authToken === undefined || authToken === "" ? {} : { authToken }),
    ...(options.deadAfter === undefined ? {} : { deadAfterSeconds: options.deadAfter }),
    version: (createRequire(import.meta.url)("../../../package.json") as { version: string }).version,
  });
  io.out(`Metadata service at ${service.url} (schema ${service.migrated.length > 0 ? `migrated to version ${service.migrated.at(-1)}` : "up to date"}${authToken ? ", token required" : ""}).`);
  io.out(`Point runs and the client at it: export METAFLOW_SERVICE_URL=${service.url}`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await service.close();
  return CliExit.Ok;
}

/** Registers `service`. */
export function registerService(program: Command, ctx: CliContext): void {
  program
    .command("service")
    .description("run the metadata service (team mode) on PostgreSQL")
    .option("--database-url <url>", "postgres://user:password@host:port/database (default: $METAFLOW_SERVICE_DATABASE_URL)")
    .option("--port <n>", "port to listen on (default: 8080)", positiveInt)
    .option("--host <host>", "address to bind (default: 127.0.0.1; 0.0.0.0 exposes it to the network)")
    .option("--dead-after <seconds>", "a run whose heartbeats stopped this long ago is shown as dead (default: 60)", positiveInt)
    .action(async (opts: ServiceCommandOptions) => {
      ctx.setExit(await serviceCommand(opts, ctx.io));
    });
}
