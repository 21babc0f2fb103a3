/**
 * StorageBackend on S3 (and S3-compatible stores: MinIO, Ceph, R2, GCS's XML API), on the
 * official AWS SDK v3. Keys live under `s3://bucket/prefix/`.
 *
 * - Atomic writes: a PUT (or a multipart upload, completed in one request) becomes visible whole.
 * - Write-if-absent: a conditional PUT (`If-None-Match: *`); of concurrent writers exactly one
 *   gets 200, the others 412. A 409 (a concurrent conditional write in flight) is retried.
 * - Large values: above {@link MULTIPART_THRESHOLD} bytes, a multipart upload of views over the
 *   caller's buffer (no copy); downloads stream into one buffer of the announced length (a
 *   truncated download is an error, never a partial value).
 * - Retries: the SDK's standard mode (exponential backoff with jitter, throttling aware),
 *   `AWS_MAX_ATTEMPTS` attempts (default 5); then a {@link s3Error} naming bucket and key.
 * - Synchronous reads (for lazy parent artifacts) through {@link SyncReader}.
 * The SDK is loaded on first use, so registering this backend costs nothing to a local run.
 * @module
 */
import { Readable } from "node:stream";
import type { S3Client } from "@aws-sdk/client-s3";
import type { StorageBackend, StorageEntry } from "../../../public/plugin.js";
import { isConditionalConflict, isNoSuchKey, isPreconditionFailed, s3Error } from "./s3-errors.js";
import { parseS3Root, s3Settings, type S3Settings } from "./s3-location.js";
import { warnAboutNodeVersionOnce } from "./sdk-version-warning.js";
import { clientConfigOf, SyncReader } from "./sync-reader.js";

type Sdk = typeof import("@aws-sdk/client-s3");

/** Values larger than this are uploaded in parts. */
export const MULTIPART_THRESHOLD = 16 * 1024 * 1024;
const PART_SIZE = 8 * 1024 * 1024;

/** {@link StorageBackend} under an `s3://bucket/prefix` root. */
export class S3Storage implements StorageBackend {
  readonly location: string;
  readonly bucket: string;
  readonly prefix: string;
  private readonly settings: S3Settings;
  private sdk: Promise<{ readonly sdk: Sdk; readonly client: S3Client }> | undefined;
  private syncReader: SyncReader | undefined;

  constructor(root: string, env: NodeJS.ProcessEnv = process.env) {
    const { bucket, prefix } = parseS3Root(root);
    this.bucket = bucket;
    this.prefix = prefix;
    this.settings = s3Settings(env);
    this.location = `s3://${bucket}${prefix === "" ? "" : `/${prefix}`}`;
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    const body = await this.get(key);
    if (body === undefined) return undefined;
    try {
      return await collect(body.stream, body.length);
    } catch (e) {
      throw s3Error("read", this.bucket, this.full(key), this.settings, e);
    }
  }

  readSync(key: string): Uint8Array | undefined {
    this.syncReader ??= new SyncReader(clientConfigOf(this.settings));
    try {
      return this.syncReader.read(this.bucket, this.full(key));
    } catch (e) {
      throw s3Error("read", this.bucket, this.full(key), this.settings, e);
    }
  }

  async readStream(key: string): Promise<AsyncIterable<Uint8Array> | undefined> {
    return (await this.get(key))?.stream;
  }

  async write(key: string, data: Uint8Array | string): Promise<void> {
    await this.put(key, bytesOf(data), false);
  }

  async writeStream(key: string, source: AsyncIterable<Uint8Array>): Promise<void> {
    await this.upload(key, Readable.from(source), false);
  }

  async writeIfAbsent(key: string, data: Uint8Array | string): Promise<boolean> {
    const bytes = bytesOf(data);
    // A large value that is already there (a blob stored by another run) is not sent again.
    if (bytes.byteLength > MULTIPART_THRESHOLD && (await this.exists(key))) return false;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.put(key, bytes, true, true);
        return true;
      } catch (e) {
        if (isPreconditionFailed(e)) return false;
        if (isConditionalConflict(e) && attempt < 10) {
          await new Promise((r) => setTimeout(r, 20 * 2 ** Math.min(attempt, 6) * Math.random()));
          continue;
        }
        throw s3Error("write", this.bucket, this.full(key), this.settings, e);
      }
    }
  }

  async exists(key: string): Promise<boolean> {
    const { sdk, client } = await this.client();
    try {
      await client.send(new sdk.HeadObjectCommand({ Bucket: this.bucket, Key: this.full(key) }));
      return true;
    } catch (e) {
      if (isNoSuchKey(e)) return false;
      throw s3Error("check", this.bucket, this.full(key), this.settings, e);
    }
  }

  async list(prefix: string): Promise<string[]> {
    const folder = this.folder(prefix);
    const names = new Set<string>();
    await this.paginate(folder, "/", (page) => {
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix) names.add(p.Prefix.slice(folder.length).replace(/\/$/, ""));
      for (const o of page.Contents ?? []) if (o.Key) names.add(o.Key.slice(folder.length));
    });
    names.delete("");
    return [...names].sort();
  }

  async listRecursive(prefix: string): Promise<StorageEntry[]> {
    const folder = this.folder(prefix);
    const strip = this.prefix === "" ? 0 : this.prefix.length + 1;
    const out: StorageEntry[] = [];
    await this.paginate(folder, undefined, (page) => {
      for (const o of page.Contents ?? []) if (o.Key) out.push({ key: o.Key.slice(strip), size: o.Size ?? 0 });
    });
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    const { sdk, client } = await this.client();
    const keys = [this.full(key), ...(await this.listRecursive(key)).map((e) => this.full(e.key))];
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      try {
        const out = await client.send(new sdk.DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }));
        const failed = out.Errors?.[0];
        if (failed !== undefined) throw Object.assign(new Error(failed.Message ?? "delete failed"), { name: failed.Code });
      } catch (e) {
        throw s3Error("delete", this.bucket, batch[0] ?? key, this.settings, e);
      }
    }
  }

  /** Stops the synchronous-read helper thread, if one was started. */
  close(): void {
    this.syncReader?.close();
  }

  private full(key: string): string {
    return this.prefix === "" ? key : key === "" ? this.prefix : `${this.prefix}/${key}`;
  }

  private folder(prefix: string): string {
    const f = this.full(prefix);
    return f === "" ? "" : `${f}/`;
  }

  private client(): Promise<{ sdk: Sdk; client: S3Client }> {
    this.sdk ??= import("@aws-sdk/client-s3").then((sdk) => {
      warnAboutNodeVersionOnce();
      return { sdk, client: new sdk.S3Client({ ...clientConfigOf(this.settings), retryMode: "standard" }) };
    });
    return this.sdk;
  }

  private async get(key: string): Promise<{ stream: AsyncIterable<Uint8Array>; length: number | undefined } | undefined> {
    const { sdk, client } = await this.client();
    try {
      const out = await client.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: this.full(key) }));
      return { stream: out.Body as Readable, length: out.ContentLength };
    } catch (e) {
      if (isNoSuchKey(e)) return undefined;
      throw s3Error("read", this.bucket, this.full(key), this.settings, e);
    }
  }

  private async put(key: string, bytes: Buffer, ifAbsent: boolean, rawErrors = false): Promise<void> {
    if (bytes.byteLength > MULTIPART_THRESHOLD) return this.upload(key, bytes, ifAbsent, rawErrors);
    const { sdk, client } = await this.client();
    try {
      await client.send(new sdk.PutObjectCommand({ Bucket: this.bucket, Key: this.full(key), Body: bytes, ContentLength: bytes.byteLength, ...(ifAbsent ? { IfNoneMatch: "*" } : {}) }));
    } catch (e) {
      if (rawErrors) throw e;
      throw s3Error("write", this.bucket, this.full(key), this.settings, e);
    }
  }

  /** A multipart upload (lib-storage): parts in parallel, visible only once completed. */
  private async upload(key: string, body: Buffer | Readable, ifAbsent: boolean, rawErrors = false): Promise<void> {
    const [{ Upload }, { client }] = await Promise.all([import("@aws-sdk/lib-storage"), this.client()]);
    try {
      const upload = new Upload({ client, partSize: PART_SIZE, queueSize: 4, leavePartsOnError: false, params: { Bucket: this.bucket, Key: this.full(key), Body: body, ...(ifAbsent ? { IfNoneMatch: "*" } : {}) } });
      await upload.done();
    } catch (e) {
      if (rawErrors) throw e;
      throw s3Error("write", this.bucket, this.full(key), this.settings, e);
    }
  }

  private async paginate(prefix: string, delimiter: string | undefined, onPage: (page: import("@aws-sdk/client-s3").ListObjectsV2CommandOutput) => void): Promise<void> {
    const { sdk, client } = await this.client();
    let token: string | undefined;
    do {
      try {
        const page = await client.send(new sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ...(delimiter ? { Delimiter: delimiter } : {}), ...(token ? { ContinuationToken: token } : {}) }));
        onPage(page);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } catch (e) {
        throw s3Error("list", this.bucket, prefix, this.settings, e);
      }
    } while (token !== undefined);
  }
}

function bytesOf(data: Uint8Array | string): Buffer {
  return typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** Reads a body into one buffer of its announced length (one copy); a short body is an error. */
async function collect(stream: AsyncIterable<Uint8Array>, length: number | undefined): Promise<Uint8Array> {
  if (length === undefined) {
    const chunks: Uint8Array[] = [];
    for await (const c of stream) chunks.push(c);
    return Buffer.concat(chunks);
  }
  const out = Buffer.allocUnsafe(length);
  let offset = 0;
  for await (const c of stream) {
    if (offset + c.byteLength > length) throw new Error(`the object is longer than its announced ${length} bytes`);
    out.set(c, offset);
    offset += c.byteLength;
  }
  if (offset !== length) throw new Error(`truncated download: got ${offset} of ${length} bytes`);
  return out;
}
