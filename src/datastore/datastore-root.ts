/**
 * Where the datastore lives: a local directory or a URL (`s3://bucket/prefix`).
 * @module
 */
import { statSync } from "node:fs";
import path from "node:path";

/** Name of the local datastore folder. */
export const DATASTORE_FOLDER = ".metaflow";

/**
 * `explicit`, else `$METAFLOW_DATASTORE_ROOT`, else the nearest `.metaflow` folder in `cwd` or
 * one of its parents (as Metaflow finds it, so a run from a sub-folder of a project joins the
 * project's runs), else `<cwd>/.metaflow`. A directory is resolved against `cwd`; a URL
 * (`s3://bucket/prefix`) is kept as it is, without a trailing `/`.
 */
export function resolveDatastoreRoot(cwd: string, explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const root = explicit ?? env.METAFLOW_DATASTORE_ROOT;
  if (root === undefined) return findDatastoreFolder(path.resolve(cwd)) ?? path.join(path.resolve(cwd), DATASTORE_FOLDER);
  if (!isUrl(root)) return path.resolve(cwd, root);
  // `s3://bucket/` loses its trailing `/`; `s3://` alone stays a URL (its backend then says what is missing).
  const trimmed = root.replace(/\/+$/, "");
  return isUrl(trimmed) ? trimmed : root;
}

/** Whether a datastore root is a URL (`scheme://...`) rather than a directory. */
export function isUrl(root: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(root);
}

/** The nearest `.metaflow` directory at or above `dir`, if any. */
function findDatastoreFolder(dir: string): string | undefined {
  for (let current = dir; ; ) {
    const candidate = path.join(current, DATASTORE_FOLDER);
    try {
      if (statSync(candidate).isDirectory()) return candidate;
    } catch {
      // not here: look in the parent
    }
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}
