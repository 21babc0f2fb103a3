/**
 * A proxy in front of the S3 test server that fails some requests the first time they are made,
 * as S3 does under load (`503 SlowDown`, S3's XML error body): the first attempt of every
 * `failEvery`-th distinct request (method + path + query) fails, its retry goes through. The
 * core harness's S3FailureTest runs a flow through it to show that the S3 datastore retries.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A running proxy. */
export interface FlakyS3Proxy {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Requests answered with an injected failure, by bucket. */
  failures(bucket: string): number;
  close(): Promise<void>;
}

/** Starts a proxy to `upstream` (an `http://host:port` endpoint) on a free port of 127.0.0.1. */
export async function startFlakyS3Proxy(upstream: string, failEvery = 3): Promise<FlakyS3Proxy> {
  const target = new URL(upstream);
  const seen = new Set<string>();
  const failed = new Map<string, number>();
  let distinct = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const key = `${req.method} ${req.url}`;
    const bucket = (req.url ?? "/").split(/[/?]/)[1] ?? "";
    if (!seen.has(key)) {
      seen.add(key);
      distinct += 1;
      if (distinct % failEvery === 0) {
        failed.set(bucket, (failed.get(bucket) ?? 0) + 1);
        req.resume();
        req.on("end", () => {
          res.writeHead(503, { "content-type": "application/xml", connection: "close" });
          res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate (injected by the test proxy).</Message></Error>');
        });
        return;
      }
    }
    const out = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    out.on("error", (e) => {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`proxy: ${e.message}`);
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // Never what keeps the test process alive.
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    failures: (bucket) => failed.get(bucket) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
