/**
 * Which plugin modules a command loads: `METAFLOW_TS_PLUGINS` (comma-separated) and `--plugin
 * MODULE` (repeatable). A specifier is a path (`./plugins/acme.mjs`, `/abs/acme.js`, `file:` URL)
 * or a package name (`acme-metaflow`, `@acme/metaflow/plugin`). Reading them costs nothing: a
 * command that names no plugin never loads the plugin machinery.
 * @module
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TaskPlugin } from "../protocol/task-spec.js";

/** The environment variable that names plugin modules for every command and task. */
export const pluginsVariable = "METAFLOW_TS_PLUGINS";

/** The specifiers in `METAFLOW_TS_PLUGINS` (comma-separated, blanks ignored). */
export function pluginSpecifiersFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  return (env[pluginsVariable] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** The values of `--plugin MODULE` / `--plugin=MODULE` in a command line (up to a `--`). */
export function scanPluginArgs(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--") break;
    if (a === "--plugin" && argv[i + 1] !== undefined) out.push(argv[++i] as string);
    else if (a.startsWith("--plugin=")) out.push(a.slice("--plugin=".length));
  }
  return out;
}

/** Whether a specifier names a file (rather than a package). */
export function isPathSpecifier(specifier: string): boolean {
  return specifier.startsWith(".") || specifier.startsWith("file:") || path.isAbsolute(specifier);
}

/**
 * The specifier as tasks get it: a path made absolute against `cwd` (tasks may start elsewhere),
 * a package name as it is (each task resolves it from its own working directory, so a remote
 * task finds the package installed in its image).
 */
export function taskSpecifier(specifier: string, cwd: string): string {
  if (specifier.startsWith("file:")) return fileURLToPath(specifier);
  return isPathSpecifier(specifier) ? path.resolve(cwd, specifier) : specifier;
}

/**
 * What a task loads for a plugin of its TaskSpec: the file the run loaded when it exists here (the
 * same machine, a shared filesystem), else the module as named (a package installed where the task runs).
 */
export function moduleToLoad(ref: TaskPlugin): string {
  return ref.file !== undefined && existsSync(ref.file) ? ref.file : ref.module;
}
