/**
 * The esbuild side of per-step environments. A bare import in the flow's own code that the
 * project cannot resolve (or that a step's `@npm` declares) is not bundled: it becomes an
 * import of `metaflow-env:<specifier>`, which the import hooks (env-import-hooks.ts) resolve
 * when a task loads the code package — into the step's environment, else the project, else a
 * module that explains, on first use, that the step does not declare the package.
 *
 * Every such import reaches the bundle as a namespace import (`import * as ns`), so a package
 * missing from one step never breaks the linking of the code package in another step.
 * @module
 */
import { builtinModules } from "node:module";
import type { Plugin } from "esbuild";

/** Prefix of the specifiers the import hooks resolve. */
export const envImportPrefix = "metaflow-env:";

/** What the plugin found while bundling. */
export interface EnvImportReport {
  /** Packages imported by the flow's code and bundled from the project (name only). */
  readonly bundled: Set<string>;
  /** Specifiers left to the step environments. */
  readonly envImports: Set<string>;
}

const builtins = new Set(builtinModules);

/** The package name of a bare specifier: `lodash/fp` -> `lodash`, `@a/b/c` -> `@a/b`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

/** The plugin; `external` names packages that always come from the environments (declared by some step). */
export function envImportPlugin(external: ReadonlySet<string>, report: EnvImportReport): Plugin {
  return {
    name: "metaflow-ts-env-imports",
    setup(b) {
      b.onResolve({ filter: /^metaflow-env:/ }, (args) => ({ path: args.path, external: true }));
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData?.probe === true || args.path.startsWith("node:") || builtins.has(packageNameOf(args.path)) || /^metaflow-ts(\/|$)/.test(args.path)) return undefined;
        if (args.kind !== "import-statement" && args.kind !== "dynamic-import") return undefined;
        if (args.importer.split(/[\\/]/).includes("node_modules")) return undefined;
        const name = packageNameOf(args.path);
        if (!external.has(name)) {
          const found = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { probe: true } });
          if (found.errors.length === 0) {
            report.bundled.add(name);
            return { path: found.path, external: found.external, namespace: found.namespace, sideEffects: found.sideEffects };
          }
        }
        report.envImports.add(args.path);
        return { path: args.path, namespace: "metaflow-env" };
      });
      b.onLoad({ filter: /.*/, namespace: "metaflow-env" }, (args) => {
        const target = JSON.stringify(`${envImportPrefix}${args.path}`);
        return { loader: "js", contents: `import * as ns from ${target};\nexport * from ${target};\nexport default ns.default;\n` };
      });
    },
  };
}
