/**
 * S3 failures as user-facing errors (src/plugins/storage/s3/s3-errors.ts): each kind of SDK error
 * becomes a STORAGE MetaflowError naming bucket and key and saying what to do; a task prints such
 * an error without a stack trace (describeCrash).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { describeCrash, InternalError, MetaflowError } from "../../src/errors.js";
import { s3Error } from "../../src/plugins/storage/s3/s3-errors.js";

const settings = { endpoint: "http://127.0.0.1:9000", region: "us-east-1", forcePathStyle: true, maxAttempts: 5 };
const sdkError = (name: string, status: number | undefined, extra: Record<string, unknown> = {}): Error =>
  Object.assign(new Error(`${name} message`), { name, $metadata: { httpStatusCode: status, attempts: 5 }, ...extra });
const messageOf = (cause: unknown): string => {
  const e = s3Error("write", "bkt", "runs/F/1/end/3/0.attempt.json", settings, cause);
  assert.ok(e instanceof MetaflowError);
  assert.equal(e.code, "STORAGE");
  assert.ok(e.message.startsWith("Cannot write s3://bkt/runs/F/1/end/3/0.attempt.json: "), e.message);
  return e.message;
};

test("throttling: named as such, with the attempts and what to change", () => {
  assert.match(messageOf(sdkError("SlowDown", 503)), /the S3 server throttled the request \(SlowDown, 5 attempts with backoff\)\. Lower --max-workers or raise AWS_MAX_ATTEMPTS/);
  assert.match(messageOf(sdkError("TooManyRequestsException", 429)), /throttled/);
});

test("a server failure (5xx) and a dropped connection are told apart from an unreachable endpoint", () => {
  assert.match(messageOf(sdkError("InternalError", 500)), /the S3 server failed \(InternalError, HTTP 500, 5 attempts with backoff: InternalError message\)/);
  assert.match(messageOf(sdkError("Error", undefined, { code: "ECONNRESET" })), /the S3 endpoint http:\/\/127\.0\.0\.1:9000 dropped the connection \(ECONNRESET after 5 attempts\)/);
  assert.match(messageOf(sdkError("Error", undefined, { code: "ECONNREFUSED" })), /cannot reach the S3 endpoint http:\/\/127\.0\.0\.1:9000 \(ECONNREFUSED after 5 attempts\)/);
});

test("denied credentials and a missing bucket say what to fix", () => {
  assert.match(messageOf(sdkError("AccessDenied", 403)), /access denied \(AccessDenied\)\. Check the credentials/);
  assert.match(messageOf(sdkError("NoSuchBucket", 404)), /the bucket 'bkt' does not exist at http:\/\/127\.0\.0\.1:9000/);
});

test("a task's crash line: a MetaflowError by its headline and message, a bug with its stack", () => {
  const storage = s3Error("read", "bkt", "k", settings, sdkError("SlowDown", 503));
  assert.equal(describeCrash(storage), `S3 request failed: ${storage.message}`);
  assert.doesNotMatch(describeCrash(storage), /\n\s+at /);
  const bug = new TypeError("x is undefined");
  assert.equal(describeCrash(bug), bug.stack);
  const internal = new InternalError("broken invariant");
  assert.equal(describeCrash(internal), internal.stack, "an internal error keeps its stack (it is a bug)");
});
