/**
 * Starts the UI server on a host and port (default 127.0.0.1:8324).
 * @module
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { ErrorCode, MetaflowError } from "../../errors.js";
import { createUiApp } from "./create-app.js";
import { DEFAULT_UI_HOST, DEFAULT_UI_PORT } from "./defaults.js";
import { loadAssets } from "./static-assets.js";


/** Options of {@link startUiServer}. */
export interface UiServerOptions {
  /** 0 picks a free port. @default DEFAULT_UI_PORT */
  readonly port?: number;
  /** @default DEFAULT_UI_HOST */
  readonly host?: string;
  /** Serve the API only, without the browser app. @default false */
  readonly apiOnly?: boolean;
}

/** A running UI server. */
export interface UiServer {
  /** `http://host:port/` */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections and closes open ones. */
  close(): Promise<void>;
}

/** Starts the server; resolves once it listens. A port in use is a typed error saying how to pick another. */
export function startUiServer(options: UiServerOptions = {}): Promise<UiServer> {
  const host = options.host ?? DEFAULT_UI_HOST;
  const port = options.port ?? DEFAULT_UI_PORT;
  // Bound to this machine only: answer requests addressed to it by name or address, nothing else.
  const loopback = host === "localhost" || host === "::1" || host.startsWith("127.");
  const allowedHosts = loopback ? ["localhost", "127.0.0.1", "[::1]", host.includes(":") ? `[${host}]` : host] : undefined;
  const app = createUiApp({ ...(options.apiOnly ? {} : { assets: loadAssets() }), ...(allowedHosts ? { allowedHosts } : {}) });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host });
    server.once("error", (e: NodeJS.ErrnoException) => {
      const hint = e.code === "EADDRINUSE" ? ` Port ${port} is in use: pick another with --port N.` : e.code === "EADDRNOTAVAIL" ? ` ${host} is not an address of this machine.` : "";
      reject(new MetaflowError(ErrorCode.UsageError, `Cannot start the UI on ${host}:${port}: ${e.message}.${hint}`));
    });
    server.once("listening", () => {
      const actual = (server.address() as AddressInfo).port;
      const shownHost = host.includes(":") ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost}:${actual}/`,
        port: actual,
        close: () =>
          new Promise<void>((done) => {
            (server as { closeAllConnections?: () => void }).closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}
