/**
 * StorageBackend: the byte-level layer under the datastore. Keys are `/`-separated relative
 * paths. Implementations: local filesystem first; object stores plug in here.
 * @module
 */

/** Byte storage with atomic writes. */
export interface StorageBackend {
  /** Where the data lives, for messages (a directory, a bucket URL). */
  readonly location: string;
  /** Reads a key; `undefined` when it does not exist. */
  read(key: string): Promise<Uint8Array | undefined>;
  /** Writes a key atomically: a reader sees the old value, the new one, or nothing — never a part. */
  write(key: string, data: Uint8Array | string): Promise<void>;
  /** Writes a key only when it does not exist yet; resolves to false when it already existed. */
  writeIfAbsent(key: string, data: Uint8Array | string): Promise<boolean>;
  /** Whether a key exists. */
  exists(key: string): Promise<boolean>;
  /** Names directly under `prefix` (files and folders), sorted; [] when there are none. */
  list(prefix: string): Promise<string[]>;
  /** Deletes a key (or a folder prefix and all under it); no error when absent. */
  delete(key: string): Promise<void>;
  /**
   * Reads a key synchronously, for backends that can (lets a step read a parent artifact lazily
   * from a plain property access). Backends without it get parent artifacts prefetched.
   */
  readSync?(key: string): Uint8Array | undefined;
  /**
   * Synchronous {@link list}, for backends that can: lets the client read thousands of small task
   * records fast (on a local disk, a sync read of a small file costs a fraction of an async one).
   */
  listSync?(prefix: string): string[];
  /** Local filesystem path of a key, for backends that have one (lets a task import code directly). */
  localPath?(key: string): string;
  /** Files and bytes under a key (the key itself when it is a file, else everything under the prefix); for `gc`'s report. */
  usage?(key: string): Promise<{ readonly files: number; readonly bytes: number }>;
}
