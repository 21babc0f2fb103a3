/**
 * What the client objects share: storage, metadata and per-flow datastores, for the
 * datastore root in effect (`$METAFLOW_DATASTORE_ROOT` or `./.metaflow`, read at call time).
 * @module
 */
import { resolveDatastoreRoot } from "../datastore/datastore-root.js";
import { FlowDatastore } from "../datastore/flow-datastore.js";
import { openDatastore } from "../datastore/open-datastore.js";
import { ErrorCode, MetaflowError } from "../errors.js";
import type { MetadataProvider } from "../metadata/types.js";

/** Storage handles for one datastore root. */
export interface ClientContext {
  readonly root: string;
  readonly metadata: MetadataProvider;
  flow(name: string): FlowDatastore;
}

const contexts = new Map<string, ClientContext>();

/** The context for `explicitRoot`, else the datastore root in effect now (one per root and metadata service, reused). */
export function clientContext(explicitRoot?: string): ClientContext {
  const root = explicitRoot ?? resolveDatastoreRoot(process.cwd());
  const key = `${root}\n${process.env.METAFLOW_SERVICE_URL ?? ""}`;
  let ctx = contexts.get(key);
  if (ctx === undefined) {
    const { storage, metadata } = openDatastore(root);
    const flows = new Map<string, FlowDatastore>();
    const flow = (name: string): FlowDatastore => {
      let fds = flows.get(name);
      if (fds === undefined) flows.set(name, (fds = new FlowDatastore(storage, name)));
      return fds;
    };
    ctx = { root, metadata, flow };
    contexts.set(key, ctx);
  }
  return ctx;
}

/** Splits a pathspec into its parts, checking how many there are. */
export function splitPathspec(pathspec: string, parts: number, example: string): string[] {
  const p = pathspec.split("/").filter((x) => x !== "");
  if (p.length !== parts) {
    throw new MetaflowError(ErrorCode.InvalidPathspec, `Invalid pathspec '${pathspec}': expected ${example}.`);
  }
  return p;
}
