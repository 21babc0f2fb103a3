/**
 * Where the local datastore lives.
 * @module
 */
import path from "node:path";

/** `explicit`, else `$METAFLOW_DATASTORE_ROOT`, else `<cwd>/.metaflow`; resolved against `cwd`. */
export function resolveDatastoreRoot(cwd: string, explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(cwd, explicit ?? env.METAFLOW_DATASTORE_ROOT ?? ".metaflow");
}
