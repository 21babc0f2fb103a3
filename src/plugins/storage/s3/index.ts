/**
 * The S3 datastore: `--datastore-root s3://bucket/prefix` (or `METAFLOW_DATASTORE_ROOT`).
 * @module
 */
import { registerStorage } from "../../../public/plugin.js";
import { S3Storage } from "./s3-storage.js";

/** Registers the `s3://` storage backend. */
export function registerS3Storage(): void {
  registerStorage("s3", (root) => new S3Storage(root));
}
