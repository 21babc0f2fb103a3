/**
 * Which MetadataProvider records runs. Providers are registered by the composition roots; the
 * newest registration whose `create` returns a provider wins, so the datastore-backed default is
 * registered first and a more specific one (e.g. a service selected by `METAFLOW_SERVICE_URL`)
 * registers after it and declines when it is not configured.
 * @module
 */
import type { StorageBackend } from "../datastore/storage.js";
import { ErrorCode, MetaflowError } from "../errors.js";
import type { MetadataProvider } from "./types.js";

/** A way to record run metadata. */
export interface MetadataFactory {
  /** Short name, e.g. `local` or `service`. */
  readonly name: string;
  /** The provider for this datastore and environment, or undefined when this kind is not configured. */
  create(storage: StorageBackend, env: Readonly<Record<string, string | undefined>>): MetadataProvider | undefined;
}

const factories: MetadataFactory[] = [];

/** Registers a metadata factory (replacing one of the same name). */
export function registerMetadata(factory: MetadataFactory): void {
  const i = factories.findIndex((f) => f.name === factory.name);
  if (i >= 0) factories.splice(i, 1);
  factories.push(factory);
}

/** The metadata provider for a datastore's storage in this environment. */
export function openMetadata(storage: StorageBackend, env: Readonly<Record<string, string | undefined>> = process.env): MetadataProvider {
  for (const f of [...factories].reverse()) {
    const provider = f.create(storage, env);
    if (provider !== undefined) return provider;
  }
  throw new MetaflowError(ErrorCode.Internal, "No metadata provider is registered: a composition root must register the built-in backends first.");
}
