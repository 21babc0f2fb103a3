/**
 * Who is running: the owner of new runs and the default client namespace.
 * @module
 */
import os from "node:os";

/** `$METAFLOW_USER`, else the OS user name. */
export function currentUser(env: NodeJS.ProcessEnv = process.env): string {
  if (env.METAFLOW_USER) return env.METAFLOW_USER;
  try {
    return os.userInfo().username;
  } catch {
    return "unknown";
  }
}
