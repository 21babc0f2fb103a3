/**
 * Loading a code package whose imports are resolved per step environment (see
 * env-import-plugin.ts and env-import-hooks.ts): the hooks are registered once per thread,
 * and each environment gets its own instance of the code package, told apart by the URL.
 * @module
 */
import { register } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { envImportPrefix } from "./env-import-plugin.js";

/** Where a code package's environment imports are looked up. */
export interface EnvImportTarget {
  /** The step's environment: a folder whose node_modules holds its packages. */
  readonly envDir?: string;
  /** The flow's folder: packages the project depends on. */
  readonly projectDir?: string;
  /** The step, for messages. */
  readonly step?: string;
}

let registered = false;

/** Whether a code package imports anything from step environments. */
export function hasEnvImports(code: string): boolean {
  return code.includes(`"${envImportPrefix}`);
}

/** Registers the import hooks in this thread (once). */
export function enableEnvImports(): void {
  if (registered) return;
  const here = fileURLToPath(import.meta.url);
  // From dist/ (and dist/task/thread-runtime.js, one folder down too) or, in tests, from src/.
  register(new URL(`../loader/env-import-hooks.${here.endsWith(".ts") ? "ts" : "js"}`, import.meta.url));
  registered = true;
}

/** The URL to import the code package at `modulePath` with, so that its environment imports go to `target`. */
export function codeModuleUrl(modulePath: string, target: EnvImportTarget): URL {
  const url = pathToFileURL(modulePath);
  if (target.envDir !== undefined) url.searchParams.set("mf-env", path.resolve(target.envDir));
  if (target.projectDir !== undefined) url.searchParams.set("mf-project", path.resolve(target.projectDir));
  if (target.step !== undefined) url.searchParams.set("mf-step", target.step);
  return url;
}
