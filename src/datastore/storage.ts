/**
 * StorageBackend: the byte-level layer under the datastore. Keys are `/`-separated relative
 * paths. Implementations: a local directory (the embedded default) and object stores (S3);
 * the datastore obtains one for a root through the storage registry (storage-registry.ts).
 * Every implementation passes the storage conformance suite (test/conformance/storage.test.ts).
 * @module
 */

/** One stored object found by {@link StorageBackend.listRecursive}. */
export interface StorageEntry {
  /** Full key (not relative to the listed prefix). */
  readonly key: string;
  /** Size in bytes. */
  readonly size: number;
}

/** Byte storage with atomic writes, async first; the optional sync members are fast paths. */
export interface StorageBackend {
  /** Where the data lives, for messages (a directory, `s3://bucket/prefix`). */
  readonly location: string;
  /** Reads a key; `undefined` when it does not exist. */
  read(key: string): Promise<Uint8Array | undefined>;
  /** Reads a key as a stream of chunks (for values too large to hold twice); `undefined` when it does not exist. */
  readStream(key: string): Promise<AsyncIterable<Uint8Array> | undefined>;
  /** Writes a key atomically: a reader sees the old value, the new one, or nothing — never a part. */
  write(key: string, data: Uint8Array | string): Promise<void>;
  /** Writes a key from a stream of chunks, atomically (visible only once complete), without buffering it whole. */
  writeStream(key: string, source: AsyncIterable<Uint8Array>): Promise<void>;
  /**
   * Writes a key only when it does not exist yet; resolves to false when it already existed.
   * Atomic across processes and machines: of concurrent writers of the same key, exactly one wins.
   */
  writeIfAbsent(key: string, data: Uint8Array | string): Promise<boolean>;
  /** Whether a key exists. */
  exists(key: string): Promise<boolean>;
  /** Names directly under `prefix` (objects and folders), sorted; [] when there are none. */
  list(prefix: string): Promise<string[]>;
  /**
   * Every object under the folder `prefix` (at any depth; `""` is the root), with sizes, sorted by key. One call lists a whole
   * tree in as few requests as the backend allows (object stores return up to 1,000 keys per page).
   */
  listRecursive(prefix: string): Promise<StorageEntry[]>;
  /** Deletes a key (or a folder prefix and all under it); no error when absent. */
  delete(key: string): Promise<void>;
  /**
   * Reads a key synchronously, for backends that can (lets a step read a parent artifact lazily
   * from a plain property access without any extra machinery).
   */
  readSync?(key: string): Uint8Array | undefined;
  /**
   * Synchronous {@link list}, for backends that can: lets the client read thousands of small task
   * records fast (on a local disk, a sync read of a small file costs a fraction of an async one).
   */
  listSync?(prefix: string): string[];
  /**
   * Whether the object's bytes are exactly the concatenation of `chunks`, compared a slice at a time
   * (no copy of the object is held); false when it differs, does not exist or cannot be read. Only for backends where
   * that costs less than hashing the bytes (a local file in the page cache): it lets a task prove a
   * big artifact it read unchanged without a second sha256 pass.
   */
  equalsSync?(key: string, chunks: Iterable<Uint8Array>): boolean;
  /**
   * {@link writeIfAbsent} for a key known only once the bytes were seen (a content address: the
   * key is their hash): the bytes go to a temporary object in the folder `near` (the key is under
   * it) while `visit` is called on each chunk of them, in order, on the calling thread — the write of
   * a chunk overlaps its visit, so hashing and writing a big blob take the time of one, not both.
   * Then `keyOf()` names the key, which gets the bytes unless it exists (atomic: of concurrent
   * writers exactly one wins; no temporary object stays visible). Resolves to whether this call
   * created it. `data` may be chunks produced one at a time (e.g. an array's numbers as float64s,
   * never held whole): each is written and visited before the next is taken, so a producer may reuse
   * one buffer. Only for backends where writing bytes that turn out to be stored already costs
   * little (a local file); the others hash first and write only what is new.
   */
  writeIfAbsentVisiting?(near: string, data: Uint8Array | Iterable<Uint8Array>, visit: (chunk: Uint8Array) => void, keyOf: () => string): Promise<boolean>;
  /** Local filesystem path of a key, for backends that have one (lets a task import code directly). */
  localPath?(key: string): string;
}
