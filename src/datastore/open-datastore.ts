/**
 * One place where core code gets the storage and the metadata of a datastore root.
 * @module
 */
import { openMetadata } from "../metadata/metadata-registry.js";
import type { MetadataProvider } from "../metadata/types.js";
import type { StorageBackend } from "./storage.js";
import { openStorage } from "./storage-registry.js";

/** A datastore root's backends. */
export interface OpenDatastore {
  /** The root as given (resolved directory or URL); what TaskSpecs carry. */
  readonly root: string;
  readonly storage: StorageBackend;
  readonly metadata: MetadataProvider;
}

/** The storage (by the root's scheme) and metadata (by the environment) of a datastore root. */
export function openDatastore(root: string, env: Readonly<Record<string, string | undefined>> = process.env): OpenDatastore {
  const storage = openStorage(root);
  return { root, storage, metadata: openMetadata(storage, env) };
}
