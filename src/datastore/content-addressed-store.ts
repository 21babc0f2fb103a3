/**
 * Content-addressed blobs: the key of a blob is the sha256 of its bytes, so the same value
 * is stored once across tasks and runs. Reads verify the hash.
 * @module
 */
import { createHash } from "node:crypto";
import { ErrorCode, MetaflowError } from "../errors.js";
import type { StorageBackend } from "./storage.js";

/** Result of {@link ContentAddressedStore.put}. */
export interface BlobInfo {
  readonly sha: string;
  readonly size: number;
}

/** Blobs under `prefix/<sha[0:2]>/<sha>`. */
export class ContentAddressedStore {
  constructor(
    private readonly storage: StorageBackend,
    private readonly prefix: string,
  ) {}

  /**
   * Stores bytes unless a blob with the same hash exists; returns its address. `sha` skips hashing
   * when the caller already did. A big blob on a backend that can write before it knows the key (a
   * local folder) is hashed while it is written, one pass instead of hash-then-write; bytes that
   * turn out to be stored already are then dropped (cheap for a local file).
   */
  async put(bytes: Uint8Array, sha?: string): Promise<BlobInfo> {
    if (sha === undefined && bytes.byteLength >= hashWhileWritingFrom) {
      const stored = await this.putChunks([bytes]);
      if (stored !== undefined) return stored;
    }
    sha ??= sha256(bytes);
    await this.storage.writeIfAbsent(this.key(sha), bytes);
    return { sha, size: bytes.byteLength };
  }

  /** Whether {@link putChunks} works with this backend. */
  get takesChunks(): boolean {
    return this.storage.writeIfAbsentVisiting !== undefined;
  }

  /**
   * Stores the concatenation of `chunks`, produced one at a time and never held whole (each chunk is
   * hashed and written before the next is taken), when the backend can write before it knows the key;
   * undefined when it cannot (the caller encodes the value whole and calls {@link put}).
   */
  async putChunks(chunks: Iterable<Uint8Array>): Promise<BlobInfo | undefined> {
    if (this.storage.writeIfAbsentVisiting === undefined) return undefined;
    const hash = createHash("sha256");
    let digest = "";
    let size = 0;
    await this.storage.writeIfAbsentVisiting(
      this.prefix,
      chunks,
      (chunk) => {
        hash.update(chunk);
        size += chunk.byteLength;
      },
      () => this.key((digest = hash.digest("hex"))),
    );
    return { sha: digest, size };
  }

  /** Reads a blob and checks its hash. `what` names it in errors (e.g. "artifact 'x' of Flow/1/start/2"). */
  async get(sha: string, what = "blob"): Promise<Uint8Array> {
    return this.verify(sha, await this.storage.read(this.key(sha)), what);
  }

  /** Synchronous {@link get}; undefined when the backend cannot read synchronously. */
  getSync(sha: string, what = "blob"): Uint8Array | undefined {
    if (this.storage.readSync === undefined) return undefined;
    return this.verify(sha, this.storage.readSync(this.key(sha)), what);
  }

  /**
   * Whether the stored blob `sha` holds exactly the bytes of `chunks` (concatenated), when the backend
   * can tell without hashing them (a local file: compared a slice at a time); undefined when it cannot,
   * and the caller hashes instead. A blob is written once under its hash and never rewritten, so bytes
   * equal to a blob that was verified when it was read are the bytes that hash to `sha`.
   */
  sameAsStored(sha: string, chunks: Iterable<Uint8Array>): boolean | undefined {
    return this.storage.equalsSync?.(this.key(sha), chunks);
  }

  private verify(sha: string, bytes: Uint8Array | undefined, what: string): Uint8Array {
    const key = this.key(sha);
    if (bytes === undefined) {
      throw new MetaflowError(ErrorCode.DataCorruption, `The data of ${what} is missing: no blob ${sha} in ${this.storage.location}.`);
    }
    if (sha256(bytes) !== sha) {
      const file = this.storage.localPath?.(key) ?? key;
      throw new MetaflowError(
        ErrorCode.DataCorruption,
        `The data of ${what} is corrupted: ${file} no longer matches its hash ${sha}. Restore the file or re-run the task that wrote it.`,
      );
    }
    return bytes;
  }

  /** Whether a blob exists (without reading it). */
  has(sha: string): Promise<boolean> {
    return this.storage.exists(this.key(sha));
  }

  /** The storage key of a blob. */
  key(sha: string): string {
    return `${this.prefix}/${sha.slice(0, 2)}/${sha}`;
  }
}

/** Hex sha256 of bytes (of any size: hashed in chunks, as one update takes at most 2 GiB). */
export function sha256(bytes: Uint8Array | string): string {
  const hash = createHash("sha256");
  if (typeof bytes === "string" || bytes.byteLength <= hashChunk) return hash.update(bytes).digest("hex");
  for (let offset = 0; offset < bytes.byteLength; offset += hashChunk) hash.update(bytes.subarray(offset, offset + hashChunk));
  return hash.digest("hex");
}

const hashChunk = 2 ** 30;

/** Blobs from this size are hashed while written where the backend allows it (smaller ones are hashed, then written). */
export const hashWhileWritingFrom = 4 * 1024 * 1024;
