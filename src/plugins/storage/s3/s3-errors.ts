/**
 * S3 failures as errors a user can act on: which bucket and key, what went wrong, what to do.
 * The SDK has already retried (with backoff) what can be retried when one of these is raised.
 * @module
 */
import { ErrorCode, MetaflowError } from "../../../errors.js";
import type { S3Settings } from "./s3-location.js";

interface SdkError {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly attempts?: number };
}

/** Whether an SDK error says the object does not exist. */
export function isNoSuchKey(e: unknown): boolean {
  const err = e as SdkError;
  return err?.name === "NoSuchKey" || err?.name === "NotFound" || (err?.$metadata?.httpStatusCode === 404 && err?.name !== "NoSuchBucket");
}

/** Whether an SDK error is a failed precondition (If-None-Match on an existing object). */
export function isPreconditionFailed(e: unknown): boolean {
  const err = e as SdkError;
  return err?.name === "PreconditionFailed" || err?.$metadata?.httpStatusCode === 412;
}

/** Whether an SDK error is a conflicting concurrent conditional write (S3 answers 409; retry it). */
export function isConditionalConflict(e: unknown): boolean {
  const err = e as SdkError;
  return err?.name === "ConditionalRequestConflict" || err?.$metadata?.httpStatusCode === 409;
}

/** A MetaflowError for a failed S3 request on `s3://bucket/key`. */
export function s3Error(what: string, bucket: string, key: string, settings: S3Settings, cause: unknown): MetaflowError {
  const err = cause as SdkError & { cause?: { code?: string } };
  const where = `s3://${bucket}/${key}`;
  const endpoint = settings.endpoint ?? "AWS S3";
  const status = err?.$metadata?.httpStatusCode;
  const attempts = err?.$metadata?.attempts;
  const code = err?.code ?? err?.cause?.code ?? err?.name;
  let hint: string;
  if (err?.name === "NoSuchBucket") {
    hint = `the bucket '${bucket}' does not exist at ${endpoint}. Create it, or fix the bucket in --datastore-root / METAFLOW_DATASTORE_ROOT.`;
  } else if (["AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken", "Forbidden"].includes(err?.name ?? "") || status === 403) {
    hint = `access denied (${err?.name ?? status}). Check the credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) and that they may read and write s3://${bucket}.`;
  } else if (err?.name === "CredentialsProviderError" || /credential/i.test(err?.message ?? "")) {
    hint = `no AWS credentials found (${err?.message ?? "credentials provider failed"}). Set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.`;
  } else if (/region/i.test(err?.message ?? "") && settings.region === undefined) {
    hint = `no AWS region configured. Set AWS_REGION (or a region in your AWS profile).`;
  } else if (["ECONNRESET", "EPIPE"].includes(code ?? "")) {
    hint = `the S3 endpoint ${endpoint} dropped the connection (${code}${attempts ? ` after ${attempts} attempts` : ""}). Check that the server is healthy and reachable (proxies, firewalls).`;
  } else if (["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "TimeoutError"].includes(code ?? "")) {
    hint = `cannot reach the S3 endpoint ${endpoint} (${code}${attempts ? ` after ${attempts} attempts` : ""}). Check AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL and that the server is up.`;
  } else if (["SlowDown", "Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded"].includes(err?.name ?? "") || status === 429) {
    hint = `the S3 server throttled the request (${err?.name ?? status}${attempts ? `, ${attempts} attempts with backoff` : ""}). Lower --max-workers or raise AWS_MAX_ATTEMPTS and try again (\`resume\` continues a failed run).`;
  } else if (status !== undefined && status >= 500) {
    hint = `the S3 server failed (${err?.name ?? "error"}, HTTP ${status}${attempts ? `, ${attempts} attempts with backoff` : ""}: ${err?.message ?? String(cause)}). Try again later (\`resume\` continues a failed run).`;
  } else {
    hint = `${err?.name ?? "error"}${status ? ` (HTTP ${status})` : ""}${attempts ? ` after ${attempts} attempts` : ""}: ${err?.message ?? String(cause)}`;
  }
  return new MetaflowError(ErrorCode.Storage, `Cannot ${what} ${where}: ${hint}`, { cause, headline: "S3 request failed" });
}
