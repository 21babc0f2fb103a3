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
  /** The metadata service (`METAFLOW_SERVICE_URL`). */
  readonly metadataUrl?: string;
}

/** The `--metadata-url` flag. */
export const METADATA_URL_FLAG = "--metadata-url <url>";
/** Its help. */
export const METADATA_URL_HELP = "the metadata service that records runs (default: $METAFLOW_SERVICE_URL; none: records in the datastore)";

/** Points runs and the client at the metadata service of `--metadata-url`, when given. */
export function useMetadataUrl(options: { readonly metadataUrl?: string }): void {
  if (options.metadataUrl !== undefined) process.env.METAFLOW_SERVICE_URL = options.metadataUrl;
}

/** Adds `--datastore-root DIR` to a command. */
export function withDatastoreRoot(cmd: Command): Command {
  return cmd.option("--datastore-root <dir>", "where runs are stored (default: $METAFLOW_DATASTORE_ROOT or ./.metaflow)").option(METADATA_URL_FLAG, METADATA_URL_HELP);
}

/**
 * Points the client at the datastore root of the command line (the client reads
 * `METAFLOW_DATASTORE_ROOT` at call time) and returns it.
 */
export function useDatastoreRoot(options: DatastoreRootOption): string {
  useMetadataUrl(options);
  const root = resolveDatastoreRoot(process.cwd(), options.datastoreRoot);
  process.env.METAFLOW_DATASTORE_ROOT = root;
  return root;
}
