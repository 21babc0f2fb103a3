/**
 * Bundles a flow file and everything it imports (except metaflow-ts itself and Node
 * built-ins) into one ES module: the run's code package. Tasks import the bundle instead of
 * compiling TypeScript again, so a task starts fast and runs exactly the code the run started with.
 * @module
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Message, Plugin } from "esbuild";
import { ErrorCode, MetaflowError } from "../errors.js";
import { envImportPlugin, type EnvImportReport } from "./env-import-plugin.js";
import { readCachedBundle, writeCachedBundle } from "./bundle-cache.js";

/** A bundled flow and what it imports from outside the bundle. */
export interface BundledFlow extends EnvImportReport {
  readonly code: string;
}

/**
 * Bundles `file` (absolute path); `apiExports` lists the names `metaflow-ts` exports, `subpaths`
 * the names of subpath modules that differ from it (`{ cards: ["Markdown", ...] }` for `metaflow-ts/cards`).
 */
export async function bundleFlow(file: string, apiExports: readonly string[], subpaths: Readonly<Record<string, readonly string[]>> = {}): Promise<string> {
  return (await bundleFlowModule(file, apiExports, new Set(), subpaths)).code;
}

/**
 * {@link bundleFlow} with what the bundle leaves to step environments (see env-import-plugin.ts);
 * `envPackages` are packages some step declares: never bundled, even when the project has them.
 */
export async function bundleFlowModule(file: string, apiExports: readonly string[], envPackages: ReadonlySet<string> = new Set(), subpaths: Readonly<Record<string, readonly string[]>> = {}): Promise<BundledFlow> {
  // An unchanged flow is not bundled again (see bundle-cache.ts). Flows whose imports are left to
  // step environments are always bundled: whether a package resolves in the project is not a file input.
  const request = { apiExports, subpaths };
  const cacheable = envPackages.size === 0;
  const cached = cacheable ? await readCachedBundle(file, request) : undefined;
  if (cached !== undefined) return { code: cached.code, bundled: new Set(cached.bundled), envImports: new Set() };
  const report: EnvImportReport = { bundled: new Set(), envImports: new Set() };
  // Loaded on first use: only commands that run a flow need esbuild.
  const { build } = await import("esbuild");
  const startedAtMs = Date.now();
  try {
    const result = await build({
      entryPoints: [file],
      bundle: true,
      write: false,
      format: "esm",
      platform: "node",
      target: "node20",
      sourcemap: "inline",
      sourceRoot: `${pathToFileURL(path.dirname(file)).href}/`,
      sourcesContent: true,
      outfile: path.join(path.dirname(file), "__bundle__.mjs"),
      logLevel: "silent",
      // Paths in the bundle's comments and metafile are relative to the flow's folder, whatever the working folder.
      absWorkingDir: path.dirname(file),
      metafile: cacheable,
      // Paths built from import.meta (e.g. a data file beside the flow) keep pointing at the
      // flow's folder, not at wherever the code package is loaded from.
      define: {
        "import.meta.url": JSON.stringify(pathToFileURL(file).href),
        "import.meta.filename": JSON.stringify(file),
        "import.meta.dirname": JSON.stringify(path.dirname(file)),
      },
      // Standard (TC39) decorators and class-field semantics regardless of the user's tsconfig.
      tsconfigRaw: { compilerOptions: { experimentalDecorators: false, useDefineForClassFields: true } },
      banner: { js: 'import { createRequire as __mfCreateRequire } from "node:module"; const require = __mfCreateRequire(import.meta.url);' },
      plugins: [metaflowApiPlugin(apiExports, subpaths), envImportPlugin(envPackages, report)],
    });
    const out = result.outputFiles[0];
    if (out === undefined) throw new MetaflowError(ErrorCode.Internal, "esbuild produced no output");
    if (result.metafile !== undefined && report.envImports.size === 0) {
      // Inputs are paths relative to esbuild's working folder; virtual modules (`namespace:path`) are not files.
      const inputs = Object.keys(result.metafile.inputs).filter((p) => !/^[\w-]+:/.test(p)).map((p) => path.resolve(path.dirname(file), p));
      await writeCachedBundle(file, request, { code: out.text, bundled: [...report.bundled] }, inputs, startedAtMs);
    }
    return { code: out.text, ...report };
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    if (errors === undefined || errors.length === 0) throw e;
    const first = errors[0];
    const loc = first?.location;
    const lines = errors.map((m) => (m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ${m.text}\n    ${m.location.lineText}` : m.text));
    throw new MetaflowError(ErrorCode.FlowSyntax, `Cannot compile the flow:\n${lines.join("\n")}`, {
      ...(loc ? { source: { file: loc.file, line: loc.line, column: loc.column + 1 } } : {}),
      cause: e,
    });
  }
}

/**
 * The subpath modules of an API object: its exports that are module namespaces
 * (`export * as cards from "./cards.js"` serves `metaflow-ts/cards`), with their names.
 */
export function apiSubpaths(api: object): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(api)) {
    if (isModuleNamespace(value)) out[name] = Object.keys(value);
  }
  return out;
}

/**
 * A module namespace object: a real one (`[object Module]`), or the one a bundler makes for
 * `export * as x` (esbuild: a plain object whose properties are all getters), as in the bundled CLI.
 */
function isModuleNamespace(value: unknown): value is object {
  if (typeof value !== "object" || value === null) return false;
  if (Object.prototype.toString.call(value) === "[object Module]") return true;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== null && proto !== Object.prototype) return false;
  const descriptors = Object.values(Object.getOwnPropertyDescriptors(value));
  return descriptors.length > 0 && descriptors.every((d) => typeof d.get === "function" && d.set === undefined);
}

/** Resolves `metaflow-ts` (and its subpaths) to the API object the host puts on globalThis. */
function metaflowApiPlugin(apiExports: readonly string[], subpaths: Readonly<Record<string, readonly string[]>>): Plugin {
  return {
    name: "metaflow-ts-api",
    setup(b) {
      b.onResolve({ filter: /^metaflow-ts(\/.*)?$/ }, (args) => ({ path: args.path, namespace: "metaflow-ts-api" }));
      b.onLoad({ filter: /.*/, namespace: "metaflow-ts-api" }, (args) => {
        const sub = args.path.slice("metaflow-ts/".length);
        const names = Object.hasOwn(subpaths, sub) ? (subpaths[sub] ?? []) : apiExports;
        const from = Object.hasOwn(subpaths, sub) ? `api.${sub}` : "api";
        return {
          loader: "js",
          contents: [
            'const api = globalThis[Symbol.for("metaflow-ts.api")];',
            'if (!api) throw new Error("metaflow-ts: this code package must be loaded by the metaflow-ts runtime");',
            ...names.map((n) => `export const ${n} = ${from}.${n};`),
          ].join("\n"),
        };
      });
    },
  };
}
