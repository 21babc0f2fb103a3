/**
 * The UI server as a Hono app: the JSON API under `/api/` (docs/ui-api.md) and the browser app
 * for every other path. Every error becomes a JSON error for that request; the server keeps serving.
 * @module
 */
import { Hono } from "hono";
import { statusOf, toApiError } from "./api-error.js";
import { flowRoutes } from "./routes/flows.js";
import { runRoutes } from "./routes/runs.js";
import { taskRoutes } from "./routes/tasks.js";
import type { Asset } from "./static-assets.js";

/** Content-Security-Policy of the app: its own scripts and styles only; cards are framed from this server. */
const APP_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Options of {@link createUiApp}. */
export interface UiAppOptions {
  /** The browser app's files by path; without them only the API is served. */
  readonly assets?: ReadonlyMap<string, Asset>;
  /**
   * Host names (without port) requests may be addressed to; others get a 403. Keeps a web page
   * elsewhere from reaching a UI bound to 127.0.0.1 through DNS rebinding. Unset: any host.
   */
  readonly allowedHosts?: readonly string[];
}

/** The host name of a Host header, without the port (`[::1]:8324` -> `[::1]`). */
function hostName(header: string | undefined): string {
  const h = (header ?? "").trim().toLowerCase();
  return h.startsWith("[") ? h.slice(0, h.indexOf("]") + 1) : (h.split(":")[0] ?? "");
}

/** Builds the app. */
export function createUiApp(options: UiAppOptions = {}): Hono {
  const app = new Hono();
  const allowed = options.allowedHosts?.map((h) => h.toLowerCase());
  if (allowed !== undefined) {
    app.use("*", async (c, next) => {
      const host = hostName(c.req.header("host"));
      if (!allowed.includes(host)) {
        return c.json({ error: { code: "FORBIDDEN_HOST", message: `This UI answers requests to ${allowed.join(", ")} only, not ${JSON.stringify(host)}. Start it with --host ${host || "<address>"} to serve that name.` } }, 403);
      }
      await next();
    });
  }
  app.use("*", async (c, next) => {
    await next();
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "no-referrer");
    if (c.req.path.startsWith("/api/")) c.header("Cache-Control", "no-store");
  });
  flowRoutes(app);
  runRoutes(app);
  taskRoutes(app);
  app.all("/api/*", (c) => c.json({ error: { code: "NOT_FOUND", message: `No API route ${c.req.method} ${c.req.path}. See docs/ui-api.md.` } }, 404));
  const assets = options.assets;
  app.get("*", (c) => {
    if (assets === undefined) return c.text("This server has the API only (/api/...).", 404);
    const asset = assets.get(c.req.path);
    const page = asset ?? assets.get("/index.html");
    if (page === undefined) return c.text("Not found", 404);
    if (asset === undefined || c.req.path === "/index.html") {
      // Any other path is a page of the app (/runs/..., /tasks/...): the app routes it.
      c.header("Content-Security-Policy", APP_POLICY);
    } else {
      c.header("Cache-Control", "no-cache");
    }
    c.header("Content-Type", page.contentType);
    return c.body(new Uint8Array(page.body));
  });
  app.onError((e, c) => c.json({ error: toApiError(e) }, statusOf(e)));
  return app;
}
