/**
 * The browser app, built into `dist/ui/app/` at package build time (scripts/bundle-ui.mjs) and
 * served from the package: nothing is fetched from any other server.
 * @module
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ErrorCode, MetaflowError } from "../../errors.js";

/** One file of the app. */
export interface Asset {
  readonly body: Uint8Array;
  readonly contentType: string;
}

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".map": "application/json; charset=utf-8",
};

/** Where the built app is: `dist/ui/app/` of this package (this file is `src|dist/ui/server/*`). */
export function appDirectory(): string {
  return fileURLToPath(new URL("../../../dist/ui/app/", import.meta.url));
}

/** Loads the built app's files, by URL path (`/app.js`). Throws a clear error when the app was not built. */
export function loadAssets(dir = appDirectory()): ReadonlyMap<string, Asset> {
  if (!existsSync(join(dir, "index.html"))) {
    throw new MetaflowError(ErrorCode.Internal, `The UI's browser app is missing from ${dir}: build the package first (npm run build).`);
  }
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (type !== undefined) assets.set(`/${name}`, { body: readFileSync(join(dir, name)), contentType: type });
  }
  return assets;
}
