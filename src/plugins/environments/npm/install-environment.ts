/**
 * Installation of a resolved environment into the machine's cache, `envs/<id>`: under a lock (one
 * installer per environment at a time), into a temporary folder that is renamed into place only
 * when complete — so an interrupted install is never used, and a present folder is always whole.
 * @module
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { ErrorCode, MetaflowError } from "../../../errors.js";
import { withFileLock } from "./file-lock.js";
import type { NpmCache } from "./npm-cache.js";
import { NpmError, runNpm } from "./run-npm.js";
import { pathExists } from "../../../fs/path-exists.js";

/** Fills a temporary folder with the environment (throws on failure). */
export type EnvironmentFiller = (tmpDir: string) => Promise<void>;

/** The folder of environment `id`, created by `fill` unless the cache has it already. */
export async function ensureEnvironment(id: string, cache: NpmCache, fill: EnvironmentFiller): Promise<{ dir: string; installed: boolean }> {
  const dir = cache.environment(id);
  if (await pathExists(dir)) return { dir, installed: false };
  return withFileLock(cache.lock(id), async () => {
    if (await pathExists(dir)) return { dir, installed: false }; // installed by whoever held the lock
    await fs.mkdir(cache.tmp, { recursive: true });
    const tmp = await fs.mkdtemp(path.join(cache.tmp, `${id.slice(0, 12)}-`));
    try {
      await fill(tmp);
      await fs.mkdir(path.dirname(dir), { recursive: true });
      await fs.rename(tmp, dir);
    } catch (e) {
      await fs.rm(tmp, { recursive: true, force: true });
      throw e;
    }
    return { dir, installed: true };
  });
}

/** A filler that installs exactly the lockfile with `npm ci` (install scripts run: native packages build here). */
export function npmCiFiller(manifest: string, lockfile: string, env: NodeJS.ProcessEnv, where: string): EnvironmentFiller {
  return async (tmp) => {
    await fs.writeFile(path.join(tmp, "package.json"), manifest);
    await fs.writeFile(path.join(tmp, "package-lock.json"), lockfile);
    try {
      await runNpm(["ci", "--no-audit", "--no-fund"], tmp, env);
    } catch (e) {
      if (!(e instanceof NpmError)) throw e;
      const registry = env.npm_config_registry ?? env.NPM_CONFIG_REGISTRY ?? "the npm registry";
      const why =
        e.failure === "build-failed"
          ? `package ${e.failedPackage === undefined ? "" : `'${e.failedPackage}' `}failed to build (its install script failed; a native package needs a compiler toolchain and a version that supports Node.js ${process.version})`
          : e.failure === "unreachable"
            ? `${registry} cannot be reached to download the packages`
            : "npm ci failed";
      throw new MetaflowError(ErrorCode.EnvironmentError, `${where}: installing the environment failed: ${why}.\n${e.detail}`, { cause: e });
    }
  };
}
