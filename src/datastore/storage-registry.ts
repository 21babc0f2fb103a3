/**
 * Which StorageBackend serves a datastore root. Core code never constructs a backend: it asks
 * {@link openStorage} with the root (a directory, or a URL such as `s3://bucket/prefix`), and the
 * composition roots (src/cli/, public/runner.ts, public/client.ts, task/entry.ts) register one
 * factory per URL scheme (`file` for directories) before any of it runs.
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import type { StorageBackend } from "./storage.js";

/** Makes the backend of a root (`root` is a resolved directory or the full URL). */
export type StorageFactory = (root: string) => StorageBackend;

const factories = new Map<string, StorageFactory>();
const opened = new Map<string, StorageBackend>();

/** The scheme of a datastore root: `s3` for `s3://...`, `file` for a directory. */
export function storageScheme(root: string): string {
  return /^([a-z][a-z0-9+.-]*):\/\//i.exec(root)?.[1]?.toLowerCase() ?? "file";
}

/** Registers the factory of the backends of a scheme (`file` for directories); replaces an earlier one. */
export function registerStorage(scheme: string, factory: StorageFactory): void {
  factories.set(scheme.toLowerCase(), factory);
  for (const root of [...opened.keys()]) if (storageScheme(root) === scheme) opened.delete(root);
}

/** The backend of a datastore root (one instance per root, reused). */
export function openStorage(root: string): StorageBackend {
  let storage = opened.get(root);
  if (storage !== undefined) return storage;
  const scheme = storageScheme(root);
  const factory = factories.get(scheme);
  if (factory === undefined) {
    const known = [...factories.keys()].map((s) => (s === "file" ? "a directory" : `${s}://...`)).join(", ") || "none";
    throw new MetaflowError(ErrorCode.UsageError, `No storage backend handles the datastore root '${root}' (scheme '${scheme}'). Use one of: ${known}, or load the plugin that provides ${scheme}:// (--plugin MODULE or METAFLOW_TS_PLUGINS).`);
  }
  storage = factory(root);
  opened.set(root, storage);
  return storage;
}
