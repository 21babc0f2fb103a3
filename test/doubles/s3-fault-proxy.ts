/**
 * A fault-injecting HTTP proxy in front of a real S3-compatible server (fauxqs, which enforces
 * neither credentials nor bucket policies). Requests pass through unchanged, except those a rule
 * matches: those are answered as S3 itself answers a denied, throttled or failed request (the
 * status, the `<Error>` XML body with its `Code`, `Message`, `Resource` and `RequestId`), or their
 * connection is reset. Every request is logged with the SDK's `amz-sdk-request` header
 * (`attempt=N; max=M`), so a test sees what the client retried.
 *
 * The e2e S3 tests inject precise faults; the core harness's S3 pairs use one `firstOfEvery` rule
 * (some requests fail once with `503 SlowDown`, as S3 does under load) to show that a whole run
 * goes through the S3 datastore's retries.
 * @module
 */
import { randomBytes } from "node:crypto";
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What a matched request gets. */
export type S3Fault = "AccessDenied" | "SlowDown" | "InternalError" | "reset";

/** Which requests a fault applies to. */
export interface FaultRule {
  readonly fault: S3Fault;
  /** HTTP method (any when absent). */
  readonly method?: string;
  /** Tested against the decoded path `/bucket/key` (any when absent). */
  readonly path?: RegExp;
  /** Answer this many matching requests, then let the following ones through (default: all). */
  readonly times?: number;
  /**
   * Only the first attempt of every `firstOfEvery`-th distinct matching request (method, path and
   * query) is answered with the fault; the same request again (the client's retry) goes through.
   */
  readonly firstOfEvery?: number;
}

/** One request the proxy saw, and what it did with it. */
export interface ProxiedRequest {
  readonly method: string;
  /** Decoded `/bucket/key` (no query). */
  readonly path: string;
  /** The SDK's attempt number of this request (1 when the header is absent). */
  readonly attempt: number;
  /** The injected fault, or the upstream's HTTP status. */
  readonly outcome: S3Fault | number;
}

/** A running proxy. */
export interface S3FaultProxy {
  /** `http://127.0.0.1:PORT`: use as `AWS_ENDPOINT_URL_S3`. */
  readonly url: string;
  /** Every request so far, in arrival order. */
  readonly requests: readonly ProxiedRequest[];
  /** Adds a rule (rules are tried in the order they were added). */
  inject(rule: FaultRule): void;
  /** Removes every rule: all requests pass through again. */
  clear(): void;
  close(): Promise<void>;
}

const statusOf: Record<Exclude<S3Fault, "reset">, { status: number; message: string }> = {
  AccessDenied: { status: 403, message: "Access Denied" },
  SlowDown: { status: 503, message: "Please reduce your request rate." },
  InternalError: { status: 500, message: "We encountered an internal error. Please try again." },
};

/** Starts a proxy on a free port of 127.0.0.1 in front of `upstream` (e.g. `http://127.0.0.1:54570`). */
export async function startS3FaultProxy(upstream: string): Promise<S3FaultProxy> {
  const target = new URL(upstream);
  const rules: Array<{ rule: FaultRule; left: number; seen: Set<string> }> = [];
  const requests: ProxiedRequest[] = [];

  const matching = (method: string, path: string, url: string): FaultRule | undefined => {
    for (const r of rules) {
      if (r.left <= 0) continue;
      if (r.rule.method !== undefined && r.rule.method !== method) continue;
      if (r.rule.path !== undefined && !r.rule.path.test(path)) continue;
      if (r.rule.firstOfEvery !== undefined) {
        const key = `${method} ${url}`;
        if (r.seen.has(key)) continue;
        r.seen.add(key);
        if (r.seen.size % r.rule.firstOfEvery !== 0) continue;
      }
      r.left--;
      return r.rule;
    }
    return undefined;
  };

  const server = createServer((req, res) => {
    const method = req.method ?? "GET";
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://proxy").pathname);
    const attempt = Number(/attempt=(\d+)/.exec(String(req.headers["amz-sdk-request"] ?? ""))?.[1] ?? 1);
    const rule = matching(method, path, req.url ?? "/");
    if (rule !== undefined) {
      requests.push({ method, path, attempt, outcome: rule.fault });
      answerFault(rule.fault, method, path, req, res);
      return;
    }
    const upstreamReq = httpRequest({ host: target.hostname, port: target.port, method, path: req.url, headers: req.headers }, (up) => {
      requests.push({ method, path, attempt, outcome: up.statusCode ?? 0 });
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstreamReq.on("error", () => res.destroy());
    req.pipe(upstreamReq);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // Never what keeps a test process alive (the core harness keeps one proxy for all its pairs).
  server.unref();
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    inject: (rule) => void rules.push({ rule, left: rule.times ?? Number.POSITIVE_INFINITY, seen: new Set() }),
    clear: () => void rules.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers `fault` the way S3 does, after reading the request's body (as a server would). */
function answerFault(fault: S3Fault, method: string, path: string, req: IncomingMessage, res: ServerResponse): void {
  if (fault === "reset") {
    req.socket.destroy();
    return;
  }
  req.resume();
  req.on("end", () => {
    const { status, message } = statusOf[fault];
    const requestId = randomBytes(8).toString("hex").toUpperCase();
    const body =
      method === "HEAD"
        ? ""
        : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${fault}</Code><Message>${message}</Message><Resource>${escapeXml(path)}</Resource><RequestId>${requestId}</RequestId></Error>`;
    res.writeHead(status, { "content-type": "application/xml", "x-amz-request-id": requestId, "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
