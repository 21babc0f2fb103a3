/**
 * A cache of code packages (the esbuild output of a flow file), so that running an unchanged flow
 * again neither starts esbuild's service process nor bundles. An entry is keyed by what the bundle
 * is built from besides files (the entry file, the API names, this build of
 * metaflow-ts and of esbuild) and records every input file esbuild read (its metafile), with each
 * file's sha256 and the modification time of each folder holding one. A hit re-hashes every input
 * (npm packages under `node_modules/` are checked by size and modification time instead) and
 * re-checks the folders, so an edited, added (e.g. a `.ts` file that would now be resolved instead
 * of a `.js`) or removed file means a new bundle: a stale bundle is never served.
 * Stored per user in the OS temp folder beside the graph cache; `METAFLOW_TS_NO_CACHE=1` turns it off.
 * @module
 */
import { readFileSync, statSync, promises as fs } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sha256 } from "../datastore/content-addressed-store.js";
import { userCacheDir, writeCacheEntry } from "./user-cache.js";

/** One file esbuild read, as it was when the bundle was built. */
interface InputRecord {
  readonly file: string;
  readonly sha256?: string;
  readonly size?: number;
  readonly mtimeMs?: number;
}

/** A cached bundle. */
export interface CachedBundle {
  readonly code: string;
  /** Packages bundled from the project. */
  readonly bundled: readonly string[];
}

interface Entry extends CachedBundle {
  readonly inputs: readonly InputRecord[];
  readonly folders: Readonly<Record<string, number>>;
}

/** Identifies this build of metaflow-ts's bundler and of esbuild: either changing invalidates the cache. */
const buildId = ((): string => {
  try {
    const here = fileURLToPath(import.meta.url);
    return [here, createRequire(import.meta.url).resolve("esbuild")].map((f) => statSync(f).mtimeMs).join(":");
  } catch {
    return String(Math.random()); // never reuse
  }
})();

const cacheDir = (): string => path.join(userCacheDir(), "bundles");

/** The cache file of one bundle request; `request` is everything but files the bundle depends on. */
function entryFile(entry: string, request: unknown): string {
  return path.join(cacheDir(), `${sha256(JSON.stringify([buildId, entry, request]))}.json`);
}

const inNodeModules = (file: string): boolean => file.split(path.sep).includes("node_modules");

/** The cached bundle of `entry` for `request`, if every input is unchanged. */
export async function readCachedBundle(entry: string, request: unknown, env: NodeJS.ProcessEnv = process.env): Promise<CachedBundle | undefined> {
  if (env.METAFLOW_TS_NO_CACHE === "1") return undefined;
  const file = entryFile(entry, request);
  let cached: Entry;
  try {
    cached = JSON.parse(await fs.readFile(file, "utf8")) as Entry;
  } catch {
    return undefined;
  }
  try {
    for (const [folder, mtimeMs] of Object.entries(cached.folders)) if (statSync(folder).mtimeMs !== mtimeMs) return undefined;
    for (const input of cached.inputs) {
      if (input.sha256 === undefined) {
        const s = statSync(input.file);
        if (s.size !== input.size || s.mtimeMs !== input.mtimeMs) return undefined;
      } else if (sha256(readFileSync(input.file)) !== input.sha256) return undefined;
    }
  } catch {
    return undefined; // an input or folder is gone
  }
  return { code: cached.code, bundled: cached.bundled };
}

/**
 * Records the bundle of `entry` and the files (absolute paths) it was built from; a failure to cache
 * is not an error. Nothing is recorded when an input or its folder changed after `startedAtMs` (less
 * a second for coarse file times), the time the build started: the bundle may hold the older text.
 */
export async function writeCachedBundle(entry: string, request: unknown, bundle: CachedBundle, inputFiles: readonly string[], startedAtMs: number, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (env.METAFLOW_TS_NO_CACHE === "1") return;
  const changedDuringBuild = (mtimeMs: number): boolean => mtimeMs >= startedAtMs - 1000;
  try {
    const folders: Record<string, number> = {};
    const inputs: InputRecord[] = [];
    for (const input of inputFiles) {
      const dir = path.dirname(input);
      folders[dir] ??= (await fs.stat(dir)).mtimeMs;
      const s = await fs.stat(input);
      if (changedDuringBuild(s.mtimeMs) || changedDuringBuild(folders[dir])) return;
      inputs.push(inNodeModules(input) ? { file: input, size: s.size, mtimeMs: s.mtimeMs } : { file: input, sha256: sha256(await fs.readFile(input)) });
    }
    const record: Entry = { ...bundle, inputs, folders };
    await writeCacheEntry(entryFile(entry, request), JSON.stringify(record));
  } catch {
    // an input went away while it was read: nothing is cached
  }
}
