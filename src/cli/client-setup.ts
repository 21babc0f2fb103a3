/**
 * What the inspection commands (dump, logs, tag, runs, gc) share: the `--datastore-root` option
 * and pointing the client at it.
 * @module
 */
import type { Command } from "commander";
import { resolveDatastoreRoot } from "../datastore/datastore-root.js";

/** Options every inspection command takes. */
export interface DatastoreRootOption {
  readonly datastoreRoot?: string;
}

/** Adds `--datastore-root DIR` to a command. */
export function withDatastoreRoot(cmd: Command): Command {
  return cmd.option("--datastore-root <dir>", "where runs are stored (default: $METAFLOW_DATASTORE_ROOT or ./.metaflow)");
}

/**
 * Points the client at the datastore root of the command line (the client reads
 * `METAFLOW_DATASTORE_ROOT` at call time) and returns it.
 */
export function useDatastoreRoot(options: DatastoreRootOption): string {
  const root = resolveDatastoreRoot(process.cwd(), options.datastoreRoot);
  process.env.METAFLOW_DATASTORE_ROOT = root;
  return root;
}
