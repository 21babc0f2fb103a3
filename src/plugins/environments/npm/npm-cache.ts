/**
 * The machine's cache of npm environments, shared by every run, flow and user that can write it:
 * `$METAFLOW_TS_NPM_CACHE`, else `$XDG_CACHE_HOME/metaflow-ts/npm`, else `~/.cache/metaflow-ts/npm`.
 * ```
 * resolutions/<sha of the requested packages>.json   lockfile of an earlier resolution
 * envs/<environment id>/node_modules                  an installed environment (complete, or absent)
 * locks/<environment id>.lock                         held while one process installs it
 * tmp/                                                installs in progress (renamed into envs/ when done)
 * ```
 * @module
 */
import os from "node:os";
import path from "node:path";

/** Paths inside the cache. */
export interface NpmCache {
  readonly root: string;
  resolution(requestKey: string): string;
  environment(id: string): string;
  lock(id: string): string;
  readonly tmp: string;
}

/** The cache for this environment of variables. */
export function npmCache(env: NodeJS.ProcessEnv): NpmCache {
  const root = path.resolve(env.METAFLOW_TS_NPM_CACHE ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "metaflow-ts", "npm"));
  return {
    root,
    resolution: (key) => path.join(root, "resolutions", `${key}.json`),
    environment: (id) => path.join(root, "envs", id),
    lock: (id) => path.join(root, "locks", `${id}.lock`),
    tmp: path.join(root, "tmp"),
  };
}
