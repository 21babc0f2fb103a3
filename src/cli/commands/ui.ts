/**
 * `metaflow-ts ui [--port N] [--host H]`: serves the web UI over the datastore in effect until
 * interrupted (Ctrl-C). It shows every user's runs; binds to 127.0.0.1 unless told otherwise.
 * @module
 */
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { namespace } from "../../client/namespace.js";
import { DEFAULT_UI_HOST, DEFAULT_UI_PORT } from "../../ui/server/defaults.js";
import { useDatastoreRoot, withDatastoreRoot, type DatastoreRootOption } from "../client-setup.js";
import type { CliContext, CommandIo } from "../command-io.js";
import { CliExit } from "../exit-codes.js";

/** Options of `ui`. */
export interface UiOptions extends DatastoreRootOption {
  readonly port?: number;
  readonly host?: string;
}

function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("expected a port number from 0 to 65535 (0: any free port).");
  return n;
}

/** Runs `ui` until SIGINT/SIGTERM; resolves to the exit code. */
export async function uiCommand(options: UiOptions, io: CommandIo): Promise<number> {
  const root = useDatastoreRoot(options);
  namespace(null);
  const { startUiServer } = await import("../../ui/server/start-server.js"); // loads the web server only for `ui`
  const server = await startUiServer({ port: options.port ?? DEFAULT_UI_PORT, host: options.host ?? DEFAULT_UI_HOST });
  io.out(`metaflow-ts UI for ${root}`);
  io.out(`Open ${server.url} (Ctrl-C stops it)`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await server.close();
  return CliExit.Ok;
}

/** Registers `ui`. */
export function registerUi(program: Command, ctx: CliContext): void {
  withDatastoreRoot(
    program
      .command("ui")
      .description(`serve the web UI: flows, runs, tasks, logs, artifacts and cards, live (default http://${DEFAULT_UI_HOST}:${DEFAULT_UI_PORT}/)`)
      .option("--port <n>", `port to listen on (default: ${DEFAULT_UI_PORT}; 0: any free port)`, portNumber)
      .option("--host <host>", `address to bind (default: ${DEFAULT_UI_HOST}, this machine only)`),
  ).action(async (opts: UiOptions) => {
    ctx.setExit(await uiCommand(opts, ctx.io));
  });
}
