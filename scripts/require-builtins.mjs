// An esbuild plugin for the bundles of the task thread and the CLI: Node's built-in modules are
// loaded with `require()` instead of an ES `import`.
//
// Why (the task thread's bundle): an ES import of a built-in makes Node build the module's ES facade,
// which reads every one of its exports and so runs every lazy getter: `import { createHash } from
// "node:crypto"` also loads WebCrypto, `import { promisify } from "node:util"` also loads util's
// argument parser and MIME classes, `import { readFileSync } from "node:fs"` also loads its stream
// classes. `require()` returns the same object without reading the exports: a lazy part loads when
// the code first uses it. Every task thread pays this on the way to its first task.
//
// Why (the CLI's bundle): a CommonJS package bundled into an ES module output (commander) calls
// `require()` for built-ins, which an ES module has no binding for.
//
// Each such import becomes a tiny CommonJS module of the bundle, `module.exports = require(X)`;
// esbuild turns the importer's named imports into property reads at the point of use (live, like
// the ES bindings). The banner of each output file makes its `require`. In a bundle split into
// chunks, each of these modules would be one more module shared by many entry points, and so add
// chunks: there, only `require()` calls are converted (option `imports: false`).
import { builtinModules } from "node:module";

const builtins = new Set(builtinModules);
const namespace = "builtin-via-require";
const requireName = "__mfRequireBuiltin";

/** Goes first in every output file: the `require` the plugin's modules use (made on first use: most chunks of the CLI never need it). */
export const requireBuiltinsBanner = `import { createRequire as __mfCreateRequire } from "node:module";\nlet __mfRequire;\nconst ${requireName} = (id) => (__mfRequire ??= __mfCreateRequire(import.meta.url))(id);`;

/**
 * The plugin: `require()` calls of built-ins (from a bundled CommonJS package) and, with `imports`,
 * static `import` statements of them; a dynamic `import()` of a built-in stays as it is.
 */
export function requireBuiltins({ imports }) {
  return {
    name: "require-builtins",
    setup(b) {
      b.onResolve({ filter: /^(node:)?[a-z0-9_/]+$/ }, (args) => {
        if (args.kind !== "require-call" && !(imports && args.kind === "import-statement")) return undefined;
        const bare = args.path.replace(/^node:/, "");
        if (!args.path.startsWith("node:") && !builtins.has(bare)) return undefined;
        // `node:module` is the banner's own import: leave it (its facade is cheap).
        if (bare === "module" && args.kind === "import-statement") return undefined;
        return { path: `node:${bare}`, namespace };
      });
      b.onLoad({ filter: /.*/, namespace }, (args) => ({ contents: `module.exports = ${requireName}(${JSON.stringify(args.path)});\n`, loader: "js" }));
    },
  };
}
