/**
 * What the client objects share: storage, metadata and per-flow datastores, for the
 * datastore root in effect (`$METAFLOW_DATASTORE_ROOT` or `./.metaflow`, read at call time).
 * @module
 */
import { resolveDatastoreRoot } from "../datastore/datastore-root.js";
import { FlowDatastore } from "../datastore/flow-datastore.js";
import { LocalStorage } from "../datastore/local-storage.js";
import { ErrorCode, MetaflowError } from "../errors.js";
import { LocalMetadata } from "../metadata/local-metadata.js";

/** Storage handles for one datastore root. */
export interface ClientContext {
  readonly root: string;
  readonly metadata: LocalMetadata;
  flow(name: string): FlowDatastore;
}

/** The context for `explicitRoot`, else the datastore root in effect now. */
export function clientContext(explicitRoot?: string): ClientContext {
  const root = explicitRoot ?? resolveDatastoreRoot(process.cwd());
  const storage = new LocalStorage(root);
  return { root, metadata: new LocalMetadata(storage), flow: (name) => new FlowDatastore(storage, name) };
}

/** Splits a pathspec into its parts, checking how many there are. */
export function splitPathspec(pathspec: string, parts: number, example: string): string[] {
  const p = pathspec.split("/").filter((x) => x !== "");
  if (p.length !== parts) {
    throw new MetaflowError(ErrorCode.InvalidPathspec, `Invalid pathspec '${pathspec}': expected ${example}.`);
  }
  return p;
}
