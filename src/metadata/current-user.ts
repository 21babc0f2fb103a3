/**
 * Who is running: the owner of new runs and the default client namespace.
 * @module
 */
import os from "node:os";

/** The OS user name, looked up once per process (each lookup reads the user database, e.g. /etc/passwd). */
let osUser: string | undefined;

/** `$METAFLOW_USER`, else the OS user name. */
export function currentUser(env: NodeJS.ProcessEnv = process.env): string {
  if (env.METAFLOW_USER) return env.METAFLOW_USER;
  try {
    return (osUser ??= os.userInfo().username);
  } catch {
    return "unknown";
  }
}
