// Bundles the task thread's runtime (dist/task/thread-entry.js and everything it imports
// statically) into one file, dist/task/thread-runtime.js: a task thread then loads one module
// instead of ~40, which is a measurable share of each task's start-up. Dynamic imports (the
// scheduler, the CLI) stay separate files, loaded only if a task ever needs them; a plugin's
// dynamic import of its own implementation is bundled, but evaluated only when imported.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outdir = path.join(root, "dist/task");
const keepDynamicImportsExternal = {
  name: "keep-dynamic-imports-external",
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== "dynamic-import") return undefined;
      // A plugin's lazily loaded implementation (an @npm provider, a card renderer) stays in the bundle,
      // evaluated only when first imported: it shares the thread's one copy of every module (one
      // MetaflowError class, one registry) instead of loading a second one from dist/.
      const pluginsDir = path.join(root, "dist", "plugins") + path.sep;
      if (args.importer.startsWith(pluginsDir) && path.resolve(args.resolveDir, args.path).startsWith(pluginsDir)) return undefined;
      // A package (e.g. the AWS SDK, loaded by the S3 backend on first use) stays a package import.
      if (!args.path.startsWith(".")) return { path: args.path, external: true };
      const target = path.relative(outdir, path.resolve(args.resolveDir, args.path)).split(path.sep).join("/");
      return { path: target.startsWith(".") ? target : `./${target}`, external: true };
    });
  },
};
await build({
  entryPoints: [path.join(root, "dist/task/thread-entry.js")],
  outfile: path.join(root, "dist/task/thread-runtime.js"),
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  sourcemap: "linked",
  logLevel: "warning",
  plugins: [keepDynamicImportsExternal],
});
