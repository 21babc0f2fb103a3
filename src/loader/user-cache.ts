/**
 * The per-user cache in the OS temp folder, `<tmp>/metaflow-ts-<uid>/`: `code/` holds the code
 * packages a command bundled (the flow and the npm packages it imports, one file per version of
 * the flow: it is imported from there to read the flow class), `graphs/` the analysed flow
 * sources, `bundles/` the esbuild output of each flow with the files it was built from (see
 * bundle-cache.ts). Nothing in it is needed once a command ends (runs keep their own copy of the code
 * package in the datastore); `gc` deletes entries not used for {@link CACHE_IDLE_MS}.
 * @module
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Entries used more recently than this are kept by a sweep (a command may be reading them). */
export const CACHE_IDLE_MS = 60 * 60 * 1000;

/** The cache folder of the current user. */
export function userCacheDir(): string {
  return path.join(os.tmpdir(), `metaflow-ts-${safeUid()}`);
}

function safeUid(): string {
  try {
    // process.getuid() is the same number without reading the user database (it is missing on Windows).
    return String(process.getuid?.() ?? os.userInfo().uid);
  } catch {
    return "user";
  }
}

/**
 * Writes one cache entry atomically (a temporary file renamed into place, so a concurrent reader sees
 * the old entry or the new one, never half of one); a failure to cache is not an error.
 */
export async function writeCacheEntry(file: string, contents: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(tmp, contents);
    await fs.rename(tmp, file);
  } catch {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
  }
}

/** What a sweep of the cache deleted (or would). */
export interface CacheSweep {
  readonly dir: string;
  readonly files: number;
  readonly bytes: number;
}

/** Deletes the cache's files not modified for `idleMs` (none when `dryRun`); reports what they held. */
export async function sweepUserCache(options: { readonly dryRun?: boolean; readonly idleMs?: number; readonly now?: number; readonly dir?: string } = {}): Promise<CacheSweep> {
  const dir = options.dir ?? userCacheDir();
  const cutoff = (options.now ?? Date.now()) - (options.idleMs ?? CACHE_IDLE_MS);
  let files = 0;
  let bytes = 0;
  for (const sub of ["code", "graphs", "bundles"]) {
    const folder = path.join(dir, sub);
    const names = await fs.readdir(folder).catch(() => [] as string[]);
    for (const name of names) {
      const file = path.join(folder, name);
      const stat = await fs.stat(file).catch(() => undefined);
      if (stat === undefined || !stat.isFile() || stat.mtimeMs > cutoff) continue;
      if (options.dryRun !== true) {
        const removed = await fs.rm(file).then(() => true, () => false);
        if (!removed) continue;
      }
      files += 1;
      bytes += stat.size;
    }
  }
  return { dir, files, bytes };
}
