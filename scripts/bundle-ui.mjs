// Builds the UI's browser app (src/ui/app, Preact + TSX) into dist/ui/app/: one script, one
// stylesheet and index.html, served by `metaflow-ts ui` from the package; nothing is loaded
// from a CDN or any other server at run time.
import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const src = path.join(root, "src/ui/app");
const outdir = path.join(root, "dist/ui/app");
await mkdir(outdir, { recursive: true });
await build({
  entryPoints: { app: path.join(src, "main.tsx") },
  outdir,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: ["chrome110", "firefox110", "safari16"],
  jsx: "automatic",
  jsxImportSource: "preact",
  minify: true,
  sourcemap: "linked",
  logLevel: "warning",
});
await copyFile(path.join(src, "index.html"), path.join(outdir, "index.html"));
