/**
 * Finds the file of a plugin module: a path as it is, a package name in the `node_modules` of the
 * working directory or a parent, through the package's `exports` (conditions `import`, `node`,
 * `default`) or its `main`, as `import` would from a module in that directory.
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ErrorCode, MetaflowError } from "../errors.js";
import { isPathSpecifier, taskSpecifier } from "./plugin-specifiers.js";

const conditions = ["import", "node", "default"];

/** The file URL of the module `specifier` names, resolved from `cwd`; a MetaflowError saying how to fix it otherwise. */
export function resolvePluginModule(specifier: string, cwd: string): string {
  if (isPathSpecifier(specifier)) {
    const file = taskSpecifier(specifier, cwd);
    if (!existsSync(file)) throw pluginError(specifier, `there is no file ${file}. Give the path of a JavaScript module (relative to ${cwd}) or the name of an installed package.`);
    if (/\.[mc]?tsx?$/.test(file)) throw pluginError(specifier, "a plugin is loaded as JavaScript, as it is published: compile it (tsc) and name the .js file, or install its package.");
    return pathToFileURL(file).href;
  }
  const match = /^((?:@[^/]+\/)?[^/]+)(\/.*)?$/.exec(specifier);
  if (match === null) throw pluginError(specifier, "it is neither a path nor a package name.");
  const [, name, rest] = match as unknown as [string, string, string | undefined];
  const dir = packageDir(name, cwd);
  if (dir === undefined) throw pluginError(specifier, `the package ${name} is not installed in ${cwd} or a parent directory: run \`npm install ${name}\` there, or give the path of the module.`);
  const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { exports?: unknown; main?: string };
  const subpath = rest === undefined ? "." : `.${rest}`;
  const target = pkg.exports === undefined ? (subpath === "." ? (pkg.main ?? "index.js") : subpath) : exportTarget(pkg.exports, subpath);
  if (target === undefined) throw pluginError(specifier, `the package ${name} exports no ${subpath === "." ? "main module" : subpath} for import.`);
  const file = path.resolve(dir, target);
  if (!existsSync(file)) throw pluginError(specifier, `the package ${name} names ${target}, which does not exist (${file}); is the package built?`);
  return pathToFileURL(file).href;
}

/** A plugin loading error that names the module. */
export function pluginError(specifier: string, problem: string, cause?: unknown): MetaflowError {
  return new MetaflowError(ErrorCode.PluginError, `Plugin module '${specifier}': ${problem}`, cause === undefined ? {} : { cause });
}

function packageDir(name: string, cwd: string): string | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    // A package may name itself (a plugin developed in the package that publishes it).
    const own = path.join(dir, "package.json");
    if (existsSync(own) && (JSON.parse(readFileSync(own, "utf8")) as { name?: string }).name === name) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The file an `exports` field maps `subpath` to under the import conditions (no patterns). */
function exportTarget(exports: unknown, subpath: string): string | undefined {
  const isMap = typeof exports === "object" && exports !== null && !Array.isArray(exports) && Object.keys(exports).some((k) => k.startsWith("."));
  const entry = isMap ? (exports as Record<string, unknown>)[subpath] : subpath === "." ? exports : undefined;
  return conditionTarget(entry);
}

function conditionTarget(entry: unknown): string | undefined {
  if (typeof entry === "string") return entry;
  if (Array.isArray(entry)) return entry.map(conditionTarget).find((t) => t !== undefined);
  if (typeof entry !== "object" || entry === null) return undefined;
  for (const [key, value] of Object.entries(entry)) if (conditions.includes(key)) return conditionTarget(value);
  return undefined;
}
