/**
 * The npm environment provider: `@npm` / `@npmBase` steps get their packages from a resolved,
 * content-addressed environment in the machine's cache (see npm-cache.ts), recorded with the run
 * (lockfile and packed tree in the datastore, so a machine without the registry can have it too).
 * @module
 */
import { sha256 } from "../../../datastore/content-addressed-store.js";
import { ErrorCode, MetaflowError } from "../../../errors.js";
import { promises as fs } from "node:fs";
import type { AppliedDecorator, PlannedEnvironment, EnvironmentMaterializeContext, EnvironmentPrepareContext, EnvironmentProvider, RunEnvironments, StepEnvironment } from "../../../public/plugin.js";
import type { StorageBackend } from "../../../datastore/storage.js";
import { ensureEnvironment, npmCiFiller, type EnvironmentFiller } from "./install-environment.js";
import { npmCache } from "./npm-cache.js";
import { readStoredLockfile, storeEnvironment, unpackEnvironment } from "./pack-environment.js";
import { declaredPackageNames, stepRequirements, type PackageRequirements } from "./package-requirements.js";
import { environmentManifest, requestKey, resolveLockfile } from "./resolve-lockfile.js";

/** Resolves and installs npm environments with the npm CLI. */
export class NpmEnvironmentProvider implements EnvironmentProvider {
  readonly name = "npm";

  declaredPackages(stepDecorators: ReadonlyMap<string, readonly AppliedDecorator[]>, flowDecorators: readonly AppliedDecorator[]): ReadonlySet<string> {
    return declaredPackageNames(stepDecorators, flowDecorators);
  }

  async prepare(ctx: EnvironmentPrepareContext): Promise<RunEnvironments> {
    const groups = new Map<string, { requested: PackageRequirements; steps: string[] }>();
    for (const [step, requested] of stepRequirements(ctx.stepDecorators, ctx.flowDecorators)) {
      const key = requestKey(requested);
      const group = groups.get(key) ?? { requested, steps: [] };
      group.steps.push(step);
      groups.set(key, group);
    }
    const cache = npmCache(ctx.env);
    const prepared = await Promise.all(
      [...groups.values()].map(async ({ requested, steps }) => {
        const where = `@npm of step${steps.length > 1 ? "s" : ""} ${steps.join(", ")}`;
        const reused = steps.map((s) => ctx.reuse?.steps[s]).find((e) => e !== undefined && sameRequest(e.requested, requested));
        const lockfile = reused !== undefined ? await this.recordedLockfile(ctx.storage, ctx.flowName, reused.id, where) : (await resolveLockfile(requested, cache, ctx.env, where)).lockfile;
        const id = sha256(lockfile);
        ctx.log?.(`${where}: environment ${id.slice(0, 12)} (${Object.entries(requested).map(([n, v]) => `${n}@${v}`).join(", ")})`);
        const { dir } = await ensureEnvironment(id, cache, fromDatastoreOr(ctx.storage, ctx.flowName, id, npmCiFiller(environmentManifest(requested), lockfile, ctx.env, where)));
        await storeEnvironment(ctx.storage, ctx.flowName, id, lockfile, dir);
        const environment = describeEnvironment(this.name, id, requested, lockfile);
        return steps.map((s) => [s, environment] as const);
      }),
    );
    return { steps: Object.fromEntries(prepared.flat()) };
  }

  async plan(stepDecorators: ReadonlyMap<string, readonly AppliedDecorator[]>, flowDecorators: readonly AppliedDecorator[], env: NodeJS.ProcessEnv): Promise<Record<string, PlannedEnvironment>> {
    const cache = npmCache(env);
    const out: Record<string, PlannedEnvironment> = {};
    for (const [step, requested] of stepRequirements(stepDecorators, flowDecorators)) {
      const lockfile = await fs.readFile(cache.resolution(requestKey(requested)), "utf8").catch(() => undefined);
      out[step] = lockfile === undefined ? { requested } : { requested, environment: describeEnvironment(this.name, sha256(lockfile), requested, lockfile) };
    }
    return out;
  }

  async materialize(ctx: EnvironmentMaterializeContext): Promise<string> {
    const cache = npmCache(ctx.env);
    const where = `environment ${ctx.id.slice(0, 12)} of ${ctx.flowName}`;
    const { dir } = await ensureEnvironment(ctx.id, cache, async (tmp) => {
      if (await unpackEnvironment(ctx.storage, ctx.flowName, ctx.id, tmp)) return;
      const lockfile = await this.recordedLockfile(ctx.storage, ctx.flowName, ctx.id, where);
      const requested = (JSON.parse(lockfile) as { packages?: Record<string, { dependencies?: Record<string, string> }> }).packages?.[""]?.dependencies ?? {};
      await npmCiFiller(environmentManifest(requested), lockfile, ctx.env, where)(tmp);
    });
    return dir;
  }

  private async recordedLockfile(storage: StorageBackend, flowName: string, id: string, where: string): Promise<string> {
    const lockfile = await readStoredLockfile(storage, flowName, id);
    if (lockfile === undefined || sha256(lockfile) !== id) {
      throw new MetaflowError(ErrorCode.DataCorruption, `${where}: the lockfile of environment ${id} is ${lockfile === undefined ? "missing from" : "corrupted in"} ${storage.location}; run the flow anew to resolve it again.`);
    }
    return lockfile;
  }
}

/** Fills from the datastore's packed tree when it has one (no registry needed), else with `fallback`. */
function fromDatastoreOr(storage: StorageBackend, flowName: string, id: string, fallback: EnvironmentFiller): EnvironmentFiller {
  return async (tmp) => {
    if (!(await unpackEnvironment(storage, flowName, id, tmp))) await fallback(tmp);
  };
}

function sameRequest(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  return JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
}

/** The record of an environment: requested and resolved versions, and the whole tree. */
export function describeEnvironment(provider: string, id: string, requested: PackageRequirements, lockfile: string): StepEnvironment {
  const packages = (JSON.parse(lockfile) as { packages?: Record<string, { version?: string }> }).packages ?? {};
  const tree: Record<string, string> = {};
  for (const [p, info] of Object.entries(packages)) if (p !== "" && info.version !== undefined) tree[p.replace(/^node_modules\//, "")] = info.version;
  const resolved = Object.fromEntries(Object.keys(requested).map((n) => [n, tree[n] ?? "?"]));
  return { provider, id, requested, resolved, tree };
}
