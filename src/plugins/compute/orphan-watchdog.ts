/**
 * Nothing of a run may outlive its scheduler, not even when the scheduler is killed with SIGKILL
 * (which no signal handler sees). A remote backend therefore starts a tiny detached watchdog
 * process on its first submission and tells it, over a pipe, each job it submits (before
 * submitting it) and each job that ended. The kernel closes the pipe however the scheduler dies:
 * the watchdog then cancels the jobs it still knows. A scheduler that ends normally says `close`
 * first, and the watchdog leaves quietly (the backend has cancelled what was left itself).
 *
 * Both sides of that pipe live here: {@link startOrphanWatchdog} in the scheduler, and
 * {@link watchForOrphans} in the watchdog's entry (one per backend: `slurm/slurm-watchdog.ts`,
 * `kubernetes/kubernetes-watchdog.ts`).
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The scheduler's side: what it tells the watchdog. */
export interface OrphanWatchdog {
  /** A job about to be submitted (its id or name, as the watchdog's entry cancels it). */
  add(job: string): void;
  /** A job that has ended: nothing to cancel any more. */
  forget(job: string): void;
  /** The scheduler ends normally: the watchdog leaves without cancelling anything. */
  close(): void;
}

/**
 * The entry module `name` (e.g. `slurm-watchdog`) next to `moduleUrl` (the caller's
 * `import.meta.url`), with the caller's own extension (`.js` when built, `.ts` under tsx).
 */
export function watchdogEntry(moduleUrl: string, name: string): string {
  const here = fileURLToPath(moduleUrl);
  return path.join(path.dirname(here), `${name}${path.extname(here)}`);
}

/**
 * Starts the watchdog process `entry` (detached: its own session, so a Ctrl-C to the terminal's
 * process group does not reach it; it does not keep the scheduler alive).
 */
export function startOrphanWatchdog(entry: string, env: Readonly<Record<string, string | undefined>>): OrphanWatchdog {
  let child: ChildProcess | undefined;
  let closed = false;
  const send = (line: string): void => {
    if (closed) return;
    if (child === undefined) {
      // process.execArgv carries a TypeScript loader when the scheduler runs under tsx (a debugger's port is not shared).
      const execArgv = process.execArgv.filter((a) => !a.startsWith("--inspect"));
      child = spawn(process.execPath, [...execArgv, entry], { detached: true, stdio: ["pipe", "ignore", "ignore"], env: { ...env } });
      child.on("error", () => undefined);
      child.stdin?.on("error", () => undefined);
      child.unref();
      (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    }
    child.stdin?.write(`${line}\n`);
  };
  return {
    add: (job) => send(`+${job}`),
    forget: (job) => send(`-${job}`),
    close: () => {
      if (closed) return;
      if (child !== undefined) {
        child.stdin?.end("close\n");
      }
      closed = true;
    },
  };
}

/**
 * The watchdog's side: reads what the scheduler says on stdin and, if the pipe closes without
 * `close` (the scheduler died), hands the jobs still running to `cancel`.
 */
export function watchForOrphans(cancel: (jobs: readonly string[]) => Promise<void>): void {
  const jobs = new Set<string>();
  let buffered = "";
  let cleanExit = false;
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk: string) => {
    const lines = (buffered + chunk).split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      if (line === "close") cleanExit = true;
      else if (line.startsWith("+")) jobs.add(line.slice(1));
      else if (line.startsWith("-")) jobs.delete(line.slice(1));
    }
  });
  process.stdin.on("end", () => {
    if (cleanExit || jobs.size === 0) return;
    void cancel([...jobs]).catch(() => undefined);
  });
}
