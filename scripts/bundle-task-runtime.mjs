// Bundles the task thread's runtime (dist/task/thread-entry.js and everything it imports
// statically) into one file, dist/task/thread-runtime.js: a task thread then loads one module
// instead of ~40, which is a measurable share of each task's start-up. Dynamic imports (the
// scheduler, the CLI) stay separate files, loaded only if a task ever needs them.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outdir = path.join(root, "dist/task");
const keepDynamicImportsExternal = {
  name: "keep-dynamic-imports-external",
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      // Only the project's own files; a package (`import("vega")`) stays a package import.
      if (args.kind !== "dynamic-import" || !args.path.startsWith(".")) return undefined;
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
