/**
 * HTTP calls to the metadata service, with the auth token and retries: a network failure or a
 * 502/503/504 is retried with exponential backoff (so a service restart mid-run costs a pause,
 * not the run) until `retrySeconds` have passed; then, or on a 4xx, a typed error says what failed.
 * @module
 */
import { setTimeout as sleep } from "node:timers/promises";
import { ErrorCode, MetaflowError, NotFoundError } from "../../../../errors.js";

/** Settings of a {@link ServiceHttp}. */
export interface ServiceHttpOptions {
  /** The service's base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** Sent as `Authorization: Bearer <token>` when set. */
  readonly authToken?: string;
  /** How long to keep retrying a call the service could not answer. @default 60 */
  readonly retrySeconds?: number;
}

const RETRIED = new Set([502, 503, 504]);

/** A JSON HTTP client bound to one metadata service. */
export class ServiceHttp {
  private readonly base: string;

  constructor(private readonly options: ServiceHttpOptions) {
    this.base = `${options.url.replace(/\/+$/, "")}/api/v1`;
  }

  /** The service URL, for messages. */
  get url(): string {
    return this.options.url;
  }

  /** Calls `method path` with an optional JSON body; resolves to the parsed JSON response (undefined for 204 or a 404 when `allow404`). */
  async call<T>(method: string, path: string, body?: unknown, allow404 = false): Promise<T | undefined> {
    const deadline = Date.now() + (this.options.retrySeconds ?? 60) * 1000;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${this.base}${path}`, {
          method,
          headers: {
            ...(body === undefined ? {} : { "content-type": "application/json" }),
            ...(this.options.authToken ? { authorization: `Bearer ${this.options.authToken}` } : {}),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(30_000),
        });
      } catch (e) {
        if (Date.now() < deadline) {
          await sleep(backoff(attempt));
          continue;
        }
        throw new MetaflowError(ErrorCode.MetadataService, `The metadata service at ${this.options.url} cannot be reached (${causeOf(e)}); tried for ${this.options.retrySeconds ?? 60} s. Start it with \`metaflow-ts service --database-url ...\`, or unset METAFLOW_SERVICE_URL to use the local records.`, { cause: e });
      }
      if (RETRIED.has(response.status) && Date.now() < deadline) {
        await response.body?.cancel();
        await sleep(backoff(attempt));
        continue;
      }
      if (response.status === 204) return undefined;
      const text = await response.text();
      const json = text === "" ? undefined : safeJson(text);
      if (response.ok) return json as T;
      if (response.status === 404 && allow404) return undefined;
      const reason = (json as { error?: string } | undefined)?.error ?? text.slice(0, 200);
      if (response.status === 401) throw new MetaflowError(ErrorCode.MetadataService, `The metadata service at ${this.options.url} refused the request: set METAFLOW_SERVICE_AUTH_TOKEN to the service's token.`);
      if (response.status === 404) throw new NotFoundError(`The metadata service at ${this.options.url}: ${reason}.`);
      throw new MetaflowError(ErrorCode.MetadataService, `The metadata service at ${this.options.url} answered ${response.status} to ${method} ${path}: ${reason}`);
    }
  }
}

function backoff(attempt: number): number {
  return Math.min(5_000, 100 * 2 ** attempt) * (0.5 + Math.random() / 2);
}

function causeOf(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (e as Error).message;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
