/**
 * Resolution: the requested packages (version ranges) become a lockfile — the full tree at exact
 * versions — by `npm install --package-lock-only` (npm's own resolver; no install scripts run).
 * A resolution is cached per set of requested packages, so a later run does not ask the registry.
 * @module
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { sha256 } from "../../../datastore/content-addressed-store.js";
import { ErrorCode, MetaflowError } from "../../../errors.js";
import type { NpmCache } from "./npm-cache.js";
import type { PackageRequirements } from "./package-requirements.js";
import { NpmError, runNpm } from "./run-npm.js";

/** The package.json of an environment. */
export function environmentManifest(requested: PackageRequirements): string {
  return `${JSON.stringify({ name: "metaflow-ts-environment", version: "0.0.0", private: true, dependencies: requested }, null, 2)}\n`;
}

/** Key of a set of requested packages in the resolution cache. */
export function requestKey(requested: PackageRequirements): string {
  return sha256(JSON.stringify(Object.entries(requested).sort(([a], [b]) => (a < b ? -1 : 1))));
}

/** The lockfile text for `requested`: from the cache, else resolved against the registry (and cached). */
export async function resolveLockfile(requested: PackageRequirements, cache: NpmCache, env: NodeJS.ProcessEnv, where: string): Promise<{ lockfile: string; cached: boolean }> {
  const cacheFile = cache.resolution(requestKey(requested));
  const known = await fs.readFile(cacheFile, "utf8").catch(() => undefined);
  if (known !== undefined) return { lockfile: known, cached: true };
  await fs.mkdir(cache.tmp, { recursive: true });
  const dir = await fs.mkdtemp(path.join(cache.tmp, "resolve-"));
  try {
    await fs.writeFile(path.join(dir, "package.json"), environmentManifest(requested));
    try {
      await runNpm(["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund"], dir, env);
    } catch (e) {
      throw resolutionError(e, requested, env, where);
    }
    const lockfile = await fs.readFile(path.join(dir, "package-lock.json"), "utf8");
    await fs.mkdir(path.dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    await fs.writeFile(tmp, lockfile);
    await fs.rename(tmp, cacheFile);
    return { lockfile, cached: false };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function resolutionError(e: unknown, requested: PackageRequirements, env: NodeJS.ProcessEnv, where: string): unknown {
  if (!(e instanceof NpmError)) return e;
  const list = Object.entries(requested).map(([n, v]) => `${n}@${v}`).join(", ");
  const registry = env.npm_config_registry ?? env.NPM_CONFIG_REGISTRY ?? "the npm registry";
  switch (e.failure) {
    case "not-found": {
      const name = /GET \S+\/(@?[^\s/]+(?:%2[fF][^\s/]+)?)\s/.exec(e.stderr)?.[1];
      return new MetaflowError(ErrorCode.EnvironmentError, `${where}: package ${name ? `'${decodeURIComponent(name)}' ` : ""}does not exist in ${registry} (requested: ${list}). Check the name in @npm / @npmBase.\n${e.detail}`, { cause: e });
    }
    case "no-matching-version": {
      const spec = /No matching version found for (\S+?)\.?$/m.exec(e.stderr)?.[1];
      return new MetaflowError(ErrorCode.EnvironmentError, `${where}: no published version matches ${spec ?? "a requested range"} (requested: ${list}). Use a version that exists (\`npm view <name> versions\`).`, { cause: e });
    }
    case "unreachable":
      return new MetaflowError(
        ErrorCode.EnvironmentError,
        `${where}: cannot reach ${registry} to resolve ${list}, and this machine has no cached resolution of it. Check the network or npm_config_registry, or run \`metaflow-ts environment resolve FLOW\` where the registry is reachable (environments resolved once are reused without it).\n${e.detail}`,
        { cause: e },
      );
    case "build-failed":
    case "other":
      return new MetaflowError(ErrorCode.EnvironmentError, `${where}: npm could not resolve ${list}:\n${e.detail}`, { cause: e });
    default: {
      const never: never = e.failure;
      return never;
    }
  }
}
