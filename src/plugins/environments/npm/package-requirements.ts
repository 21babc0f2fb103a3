/**
 * What each step asks for: the flow's `@npmBase({ packages })` merged with the step's
 * `@npm({ packages })` (the step wins), checked for well-formed names and version ranges.
 * @module
 */
import { ErrorCode, MetaflowError } from "../../../errors.js";
import type { AppliedDecorator } from "../../../public/plugin.js";

/** Package name -> version range, sorted by name. */
export type PackageRequirements = Readonly<Record<string, string>>;

// npm's rules for new package names: lower case, URL-safe, optional @scope/.
const validName = /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

/** The packages of each step that declares any (merged with `@npmBase`); steps without any are absent. */
export function stepRequirements(stepDecorators: ReadonlyMap<string, readonly AppliedDecorator[]>, flowDecorators: readonly AppliedDecorator[]): Map<string, PackageRequirements> {
  const base = flowDecorators.filter((d) => d.name === "npmBase").map((d) => packagesOf(d, "@npmBase on the flow"));
  const out = new Map<string, PackageRequirements>();
  for (const [step, decorators] of stepDecorators) {
    const own = decorators.filter((d) => d.name === "npm").map((d) => packagesOf(d, `@npm on step ${step}`));
    const merged: Record<string, string> = Object.assign({}, ...base, ...own);
    const names = Object.keys(merged).sort();
    if (names.length > 0) out.set(step, Object.fromEntries(names.map((n) => [n, merged[n] as string])));
  }
  return out;
}

/** Every package name any step declares. */
export function declaredPackageNames(stepDecorators: ReadonlyMap<string, readonly AppliedDecorator[]>, flowDecorators: readonly AppliedDecorator[]): Set<string> {
  const names = new Set<string>();
  for (const d of [...flowDecorators, ...[...stepDecorators.values()].flat()]) {
    if (d.name !== "npm" && d.name !== "npmBase") continue;
    const packages = d.attributes.packages;
    if (packages !== null && typeof packages === "object") for (const n of Object.keys(packages)) names.add(n);
  }
  return names;
}

function packagesOf(d: AppliedDecorator, where: string): Record<string, string> {
  const packages = d.attributes.packages ?? {};
  if (packages === null || typeof packages !== "object" || Array.isArray(packages)) {
    throw new MetaflowError(ErrorCode.UsageError, `${where}: packages must be an object of name -> version, e.g. { packages: { "is-number": "7.0.0" } }; got ${JSON.stringify(packages)}.`);
  }
  const out: Record<string, string> = {};
  for (const [name, version] of Object.entries(packages as Record<string, unknown>)) {
    if (!validName.test(name) || name.length > 214) {
      throw new MetaflowError(ErrorCode.UsageError, `${where}: '${name}' is not a valid npm package name (lower case, URL-safe characters, optionally @scope/name).`);
    }
    const v = typeof version === "string" ? version.trim() : "";
    // Registry versions only: a git URL or local folder could not be cached by content or re-installed elsewhere.
    if (v === "" || /^[a-z+]+:/i.test(v) || v.includes("/")) {
      throw new MetaflowError(
        ErrorCode.UsageError,
        `${where}: the version of '${name}' must be a registry version or range such as "7.0.0" or "^7"; got ${JSON.stringify(version)}.`,
      );
    }
    out[name] = v;
  }
  return out;
}
