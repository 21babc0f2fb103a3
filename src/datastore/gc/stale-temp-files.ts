/**
 * Temp files of the local datastore (`.tmp-<host>-<pid>-<hex>`, renamed into place when whole)
 * and the safe removal of the ones a killed writer left behind. A temp file is stale when its
 * writer ran on this host and is no longer alive, or (a writer on another host sharing the
 * folder, whose liveness cannot be checked here) when it has not changed for a day. A temp
 * file whose writer is alive is never removed.
 * @module
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";

/** How long a temp file of another host's writer must be untouched before it counts as stale. */
export const foreignTempMaxAgeMs = 24 * 3600_000;

/** This host, as written in temp file names. */
export const thisHost: string = os.hostname().replace(/[^A-Za-z0-9.]/g, "_") || "localhost";

/** A fresh temp file name for a writer in this process. */
export function tempFileName(): string {
  return `.tmp-${thisHost}-${process.pid}-${randomBytes(6).toString("hex")}`;
}

/** The writer of a temp file, from its name (`host` is undefined for names without one). */
export function tempFileWriter(name: string): { readonly host?: string; readonly pid: number } | undefined {
  const m = /^\.tmp-(?:(.+)-)?(\d+)-[0-9a-f]+$/.exec(name);
  if (m === null) return undefined;
  return { ...(m[1] === undefined ? {} : { host: m[1] }), pid: Number(m[2]) };
}

/** Whether a process with this pid is alive on this host. */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** What decides whether a temp file is stale (the defaults: this host, now, a real liveness check). */
export interface StaleCheck {
  readonly now?: number;
  readonly host?: string;
  readonly alive?: (pid: number) => boolean;
}

/** Whether the temp file `name`, last modified at `mtimeMs`, was left behind by a writer that is gone. */
export function isStaleTempFile(name: string, mtimeMs: number, check: StaleCheck = {}): boolean {
  const writer = tempFileWriter(name);
  if (writer === undefined) return false;
  const local = writer.host === undefined || writer.host === (check.host ?? thisHost);
  if (local) return !(check.alive ?? processAlive)(writer.pid);
  return (check.now ?? Date.now()) - mtimeMs > foreignTempMaxAgeMs;
}

/** Files and bytes of stale temp files removed (or that would be). */
export interface TempFilesRemoved {
  readonly files: number;
  readonly bytes: number;
}

/** Removes the stale temp files anywhere under `dir` (nothing when it does not exist). */
export async function removeStaleTempFiles(dir: string, options: { readonly dryRun?: boolean } & StaleCheck = {}): Promise<TempFilesRemoved> {
  let files = 0;
  let bytes = 0;
  let entries: import("node:fs").Dirent[];
  try {
    entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return { files, bytes };
  }
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.startsWith(".tmp-")) continue;
    const file = path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat === undefined || !isStaleTempFile(entry.name, stat.mtimeMs, options)) continue;
    if (options.dryRun !== true) {
      const removed = await fs.rm(file).then(() => true, () => false);
      if (!removed) continue;
    }
    files += 1;
    bytes += stat.size;
  }
  return { files, bytes };
}
