// An esbuild plugin for the CLI's bundle: a CommonJS package bundled into an ES module output
// (commander) calls `require()` for Node's built-ins, which an ES module has no binding for. Each
// such call is given a tiny module of the bundle instead: `process` (a global) as it is, any other
// built-in as an ES module re-exporting it, whose namespace has the same named exports as the
// CommonJS object (`require("node:events").EventEmitter`, `require("node:fs").existsSync`...).
//
// Static ES imports of built-ins are left as they are. Loading them with `require()` instead would
// skip the lazy parts an ES facade loads (WebCrypto with `node:crypto`...), but esbuild then copies
// every export of the module into a namespace object at each importing module, which cost more
// instructions in a task thread than those lazy parts (measured with callgrind, docs/performance.md).
import { builtinModules } from "node:module";

const builtins = new Set(builtinModules);
const namespace = "builtin-for-require";

/** The plugin: `require()` calls of built-ins from bundled CommonJS code. */
export const requireBuiltins = {
  name: "require-builtins",
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z0-9_/]+$/ }, (args) => {
      if (args.kind !== "require-call") return undefined;
      const bare = args.path.replace(/^node:/, "");
      if (!args.path.startsWith("node:") && !builtins.has(bare)) return undefined;
      return { path: `node:${bare}`, namespace };
    });
    b.onLoad({ filter: /.*/, namespace }, (args) => {
      if (args.path === "node:process") return { contents: "module.exports = process;\n", loader: "js" };
      const id = JSON.stringify(args.path);
      return { contents: `export * from ${id};\nexport { default } from ${id};\n`, loader: "js" };
    });
  },
};
