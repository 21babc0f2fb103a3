// Bundles the task thread's runtime (dist/task/thread-entry.js and everything it imports
// statically) into one file, dist/task/thread-runtime.js: a task thread then loads one module
// instead of ~40, which is a measurable share of each task's start-up. Dynamic imports (the
// scheduler, the CLI) stay separate files, loaded only if a task ever needs them; the npm
// provider's and the card renderers' own lazy parts are bundled, but evaluated only when imported.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outdir = path.join(root, "dist/task");
const inlinedLazyDirs = ["plugins/environments", "plugins/cards"].map((d) => path.join(root, "dist", d) + path.sep);
const keepDynamicImportsExternal = {
  name: "keep-dynamic-imports-external",
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== "dynamic-import") return undefined;
      // The npm environment provider and the card renderers, which their plugins import when first used,
      // stay in the bundle, evaluated only when imported: they share the thread's one copy of every module
      // (one MetaflowError class, one registry) instead of loading a second one from dist/. Only these:
      // a package that an inlined module imports statically would be loaded with the bundle (ES imports
      // are hoisted), e.g. the Kubernetes client of the Argo deployer's lazy part.
      const resolved = path.resolve(args.resolveDir, args.path);
      if (args.path.startsWith(".") && inlinedLazyDirs.some((dir) => args.importer.startsWith(dir) && resolved.startsWith(dir))) return undefined;
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
