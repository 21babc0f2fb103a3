/**
 * The embedded default: runs in a local directory, with run metadata stored beside the data.
 * @module
 */
import { LocalStorage } from "../../../datastore/local-storage.js";
import { LocalMetadata } from "../../../metadata/local-metadata.js";
import { registerMetadata, registerStorage } from "../../../public/plugin.js";

/** Registers the local-directory storage (scheme `file`) and the datastore-backed metadata. */
export function registerLocalBackends(): void {
  registerStorage("file", (root) => new LocalStorage(root));
  registerMetadata({ name: "local", create: (storage) => new LocalMetadata(storage) });
}
