// Bundles the CLI (dist/cli/main.js and everything it imports) into dist/cli-bundle/, which
// dist/cli/bin.js loads: a command then loads a few modules instead of ~250 separate files (the ESM
// loader's resolving and compiling was ~140 ms of every run). Code splitting keeps what the CLI imports
// lazily (each command's heavy parts: the Kubernetes client, pg, hono, the AWS SDK, log-update, the
// task entry...) in chunks of its own, loaded only when used, and every module exists once across the
// chunks. npm packages stay package imports, except the small pure-JS ones every command uses
// (commander), which are bundled: loading a package as CommonJS from node_modules (package lookup,
// the CommonJS loader, its export scanner) cost more than compiling it. The library entry points
// (dist/public/) are not bundled.
import { chmod, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, transform } from "esbuild";
import { requireBuiltins } from "./require-builtins.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const outdir = path.join(dist, "cli-bundle");

// A module that finds files relative to itself (`new URL("../task/thread-runtime.js", import.meta.url)`,
// a sibling watchdog script, package.json) must keep seeing its own dist/ location once bundled:
// its `import.meta.url` becomes that location, computed from the chunk's own URL (so the package can
// be moved). `define` rewrites only the expression, never the same text inside a string.
let counter = 0;
const keepModuleUrls = {
  name: "keep-module-urls",
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      if (!args.path.startsWith(dist + path.sep)) return undefined;
      const source = await readFile(args.path, "utf8");
      if (!source.includes("import.meta.url")) return undefined;
      const name = `__mfModuleUrl${counter++}`;
      const relative = path.relative(outdir, args.path).split(path.sep).join("/");
      const { code } = await transform(source, { format: "esm", define: { "import.meta.url": name } });
      return { contents: `const ${name} = new URL(${JSON.stringify(relative)}, import.meta.url).href;\n${code}`, loader: "js", resolveDir: path.dirname(args.path) };
    });
  },
};
// Packages bundled into the chunks (with their own dependencies); every other package stays an import.
const bundledPackages = new Set(["commander"]);
const packagesExternal = {
  name: "packages-external",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.split("/").slice(0, args.path.startsWith("@") ? 2 : 1).join("/");
      const fromBundled = [...bundledPackages].some((p) => args.importer.includes(`${path.sep}node_modules${path.sep}${p}${path.sep}`));
      return bundledPackages.has(name) || fromBundled ? undefined : { path: args.path, external: true };
    });
  },
};
await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: [path.join(dist, "cli/main.js")],
  outdir,
  entryNames: "[name]",
  chunkNames: "[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: "linked",
  logLevel: "warning",
  plugins: [requireBuiltins, packagesExternal, keepModuleUrls],
});
// The bin starts as a shell script (see src/cli/bin.ts): it must be executable from the build too,
// not only once npm links it.
await chmod(path.join(dist, "cli", "bin.js"), 0o755);
