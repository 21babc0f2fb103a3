/**
 * Where the datastore lives: a local directory or a URL (`s3://bucket/prefix`).
 * @module
 */
import path from "node:path";

/**
 * `explicit`, else `$METAFLOW_DATASTORE_ROOT`, else `<cwd>/.metaflow`. A directory is resolved
 * against `cwd`; a URL (`s3://bucket/prefix`) is kept as it is, without a trailing `/`.
 */
export function resolveDatastoreRoot(cwd: string, explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const root = explicit ?? env.METAFLOW_DATASTORE_ROOT ?? ".metaflow";
  return isUrl(root) ? root.replace(/\/+$/, "") : path.resolve(cwd, root);
}

/** Whether a datastore root is a URL (`scheme://...`) rather than a directory. */
export function isUrl(root: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(root);
}
