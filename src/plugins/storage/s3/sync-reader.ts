/**
 * Synchronous S3 reads, so that a step reads a parent artifact lazily from a plain property
 * access (`this.model`) on S3 exactly as on a local disk: only the artifacts the step actually
 * reads are downloaded, when it reads them.
 *
 * A helper thread (started on the first read, then reused) owns its own S3 client. The caller
 * posts a request and blocks on `Atomics.wait`; the helper downloads the object, posts the bytes
 * back (transferred, not copied) and wakes the caller, which takes the reply with
 * `receiveMessageOnPort`. Nothing else runs on the calling thread meanwhile, which is what a
 * synchronous read means; other threads (and the scheduler) are unaffected.
 * @module
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { createRequire } from "node:module";
import type { S3Settings } from "./s3-location.js";
import { SDK_VERSION_WARNING_SWITCH } from "./sdk-version-warning.js";

/** A reply of the helper thread. */
type Reply = { readonly bytes: Uint8Array } | { readonly missing: true } | { readonly error: { readonly name?: string; readonly message: string; readonly code?: string; readonly $metadata?: unknown } };

// The helper's code: plain JavaScript run with `eval`, so it works the same from src/ (tsx),
// dist/ and the bundled task runtime. It loads the SDK from the path the caller resolved.
const helperSource = `
const { parentPort, workerData } = require("node:worker_threads");
const { S3Client, GetObjectCommand } = require(workerData.sdkPath);
const client = new S3Client(workerData.clientConfig);
parentPort.on("message", async ({ bucket, key, flag, port }) => {
  let reply;
  const transfer = [];
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const chunks = [];
    for await (const c of out.Body) chunks.push(c);
    const bytes = Buffer.concat(chunks);
    if (out.ContentLength !== undefined && bytes.byteLength !== out.ContentLength) throw new Error("truncated download: " + bytes.byteLength + " of " + out.ContentLength + " bytes");
    const copy = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    reply = { bytes: copy };
    if (bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength) transfer.push(bytes.buffer);
  } catch (e) {
    const status = e && e.$metadata && e.$metadata.httpStatusCode;
    if (e && (e.name === "NoSuchKey" || (status === 404 && e.name !== "NoSuchBucket"))) reply = { missing: true };
    else reply = { error: { name: e && e.name, message: String(e && e.message || e), code: e && (e.code || (e.cause && e.cause.code)), $metadata: e && e.$metadata } };
  }
  port.postMessage(reply, transfer);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

/** Reads S3 objects synchronously through a helper thread. */
export class SyncReader {
  private worker: Worker | undefined;

  constructor(private readonly clientConfig: Record<string, unknown>) {}

  /** The object's bytes, or undefined when it does not exist; throws the SDK's error (as data) otherwise. */
  read(bucket: string, key: string): Uint8Array | undefined {
    const worker = (this.worker ??= this.start());
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    try {
      worker.postMessage({ bucket, key, flag, port: port2 }, [port2 as MessagePort]);
      // Woken by the helper (its S3 client retries and times out on its own); the loop guards
      // against spurious wake-ups and, bounded, against a helper that died.
      for (let minutes = 0; Atomics.load(flag, 0) === 0; minutes++) {
        if (minutes === 10) throw new Error(`the S3 read helper did not answer within 10 minutes for s3://${bucket}/${key}`);
        Atomics.wait(flag, 0, 0, 60_000);
      }
      const message = receiveMessageOnPort(port1)?.message as Reply | undefined;
      if (message === undefined) throw new Error(`no reply from the S3 read helper for s3://${bucket}/${key}`);
      if ("missing" in message) return undefined;
      if ("error" in message) throw Object.assign(new Error(message.error.message), message.error);
      return message.bytes;
    } finally {
      port1.close();
    }
  }

  /** Stops the helper thread. */
  close(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private start(): Worker {
    const sdkPath = createRequire(import.meta.url).resolve("@aws-sdk/client-s3");
    const worker = new Worker(helperSource, { eval: true, workerData: { sdkPath, clientConfig: this.clientConfig }, env: { ...process.env, [SDK_VERSION_WARNING_SWITCH]: "true" } });
    worker.unref();
    return worker;
  }
}

/** The SDK client configuration of {@link S3Settings} (plain data, so it can cross to the helper thread). */
export function clientConfigOf(settings: S3Settings): Record<string, unknown> {
  return {
    ...(settings.region === undefined ? {} : { region: settings.region }),
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    forcePathStyle: settings.forcePathStyle,
    maxAttempts: settings.maxAttempts,
  };
}
