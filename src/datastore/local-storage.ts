/**
 * StorageBackend on the local filesystem. Writes go to a unique temp file in the target
 * folder (a big content-addressed blob: in the blob folder, as its name is known only once it is
 * written) and are renamed or linked into place, so a crash never leaves a partial file visible. Small files
 * (records, logs, small blobs) are read and written with synchronous calls (see small-file-io.ts):
 * a few system calls on the calling thread instead of trips through libuv's thread pool.
 * @module
 */
import { createWriteStream, existsSync, mkdirSync, promises as fs, readdirSync } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import path from "node:path";
import { ErrorCode, MetaflowError } from "../errors.js";
import type { StorageBackend, StorageEntry } from "./storage.js";
import { tempFileName } from "./gc/stale-temp-files.js";
import { fileEqualsSync } from "./file-equals.js";
import { readWholeFile, readWholeFileSync, writeWholeFile } from "./whole-file-io.js";
import { writeVisiting } from "./visited-write.js";
import { isSmall, readSmallFileSync, writeFileSyncAtomic, writeFileSyncIfAbsent } from "./small-file-io.js";

/** {@link StorageBackend} rooted at a local directory. */
export class LocalStorage implements StorageBackend {
  readonly location: string;
  private readonly madeDirs = new Set<string>();

  constructor(root: string) {
    this.location = path.resolve(root);
  }

  localPath(key: string): string {
    return path.join(this.location, ...key.split("/"));
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    const file = this.localPath(key);
    try {
      return readSmallFileSync(file) ?? (await readWholeFile(file));
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw storageError(`read ${key}`, e);
    }
  }

  readSync(key: string): Uint8Array | undefined {
    try {
      return readWholeFileSync(this.localPath(key));
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw storageError(`read ${key}`, e);
    }
  }

  async writeIfAbsentVisiting(near: string, data: Uint8Array | Iterable<Uint8Array>, visit: (chunk: Uint8Array) => void, keyOf: () => string): Promise<boolean> {
    const dir = this.localPath(near);
    const tmp = path.join(dir, tempFileName());
    try {
      // Opened before any chunk is visited: a retry (the folder removed behind our back) visits nothing twice.
      const handle = await this.inFolderAsync(dir, () => fs.open(tmp, "wx"));
      try {
        await writeVisiting(handle, data, visit);
      } finally {
        await handle.close();
      }
      const target = this.localPath(keyOf());
      // link() fails with EEXIST when the key exists (written before, or by a concurrent writer): first writer wins.
      return await this.inFolderAsync(path.dirname(target), () => fs.link(tmp, target)).then(
        () => true,
        (e: unknown) => {
          if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
          throw e;
        },
      );
    } catch (e) {
      throw storageError(`write under ${near}`, e);
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  equalsSync(key: string, chunks: Iterable<Uint8Array>): boolean {
    try {
      return fileEqualsSync(this.localPath(key), chunks);
    } catch {
      // Missing or unreadable: "not known equal" (the caller hashes instead; a shortcut never fails a task).
      return false;
    }
  }

  async write(key: string, data: Uint8Array | string): Promise<void> {
    const target = this.localPath(key);
    if (isSmall(data)) {
      this.inFolder(target, (dir) => writeFileSyncAtomic(path.join(dir, tempFileName()), target, data), `write ${key}`);
      return;
    }
    const tmp = await this.writeTemp(target, data);
    try {
      await fs.rename(tmp, target);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw storageError(`write ${key}`, e);
    }
  }

  async writeIfAbsent(key: string, data: Uint8Array | string): Promise<boolean> {
    const target = this.localPath(key);
    if (existsSync(target)) return false;
    if (isSmall(data)) return this.inFolder(target, (dir) => writeFileSyncIfAbsent(path.join(dir, tempFileName()), target, data), `write ${key}`);
    const tmp = await this.writeTemp(target, data);
    try {
      // link() fails with EEXIST when another writer won the race: first writer wins, atomically.
      await fs.link(tmp, target);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw storageError(`write ${key}`, e);
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  async exists(key: string): Promise<boolean> {
    return existsSync(this.localPath(key));
  }

  async list(prefix: string): Promise<string[]> {
    // A listing is one open, a few getdents and a close: done on this thread (see listSync).
    return this.listSync(prefix);
  }

  async listRecursive(prefix: string): Promise<StorageEntry[]> {
    const out: StorageEntry[] = [];
    const walk = async (key: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(this.localPath(key), { withFileTypes: true });
      } catch (e) {
        if (isNotFound(e) || (e as NodeJS.ErrnoException).code === "ENOTDIR") return;
        throw storageError(`list ${key}`, e);
      }
      await Promise.all(
        entries.map(async (d) => {
          if (d.name.startsWith(".tmp-")) return;
          const child = key === "" ? d.name : `${key}/${d.name}`;
          if (d.isDirectory()) return walk(child);
          try {
            out.push({ key: child, size: (await fs.stat(this.localPath(child))).size });
          } catch (e) {
            if (!isNotFound(e)) throw storageError(`stat ${child}`, e);
          }
        }),
      );
    };
    await walk(prefix);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async readStream(key: string): Promise<AsyncIterable<Uint8Array> | undefined> {
    const handle = await fs.open(this.localPath(key), "r").catch((e: unknown) => {
      if (isNotFound(e)) return undefined;
      throw storageError(`read ${key}`, e);
    });
    return handle?.createReadStream();
  }

  async writeStream(key: string, source: AsyncIterable<Uint8Array>): Promise<void> {
    const target = this.localPath(key);
    const dir = path.dirname(target);
    await fs.mkdir(dir, { recursive: true });
    const tmp = path.join(dir, tempFileName());
    try {
      await pipeline(Readable.from(source), createWriteStream(tmp));
      await fs.rename(tmp, target);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw storageError(`write ${key}`, e);
    }
  }

  listSync(prefix: string): string[] {
    try {
      return readdirSync(this.localPath(prefix))
        .filter((n) => !n.startsWith(".tmp-"))
        .sort();
    } catch (e) {
      if (isNotFound(e) || (e as NodeJS.ErrnoException).code === "ENOTDIR") return [];
      throw storageError(`list ${prefix}`, e);
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.localPath(key), { recursive: true, force: true });
    // Folders under the deleted key are gone: forget that they were created.
    this.madeDirs.clear();
  }

  /**
   * Runs the synchronous write `body` in the folder of `target`, creating the folder first (once
   * per folder and instance), and again if it was removed behind our back.
   */
  private inFolder<T>(target: string, body: (dir: string) => T, what: string): T {
    const dir = path.dirname(target);
    try {
      if (!this.madeDirs.has(dir)) {
        mkdirSync(dir, { recursive: true });
        this.madeDirs.add(dir);
      }
      try {
        return body(dir);
      } catch (e) {
        if (!isNotFound(e)) throw e;
        this.madeDirs.delete(dir);
        mkdirSync(dir, { recursive: true });
        this.madeDirs.add(dir);
        return body(dir);
      }
    } catch (e) {
      throw storageError(what, e);
    }
  }

  /** Runs the async file call `body` in the folder `dir`, creating the folder first (once per folder and instance), and again if it was removed. */
  private async inFolderAsync<T>(dir: string, body: () => Promise<T>): Promise<T> {
    if (!this.madeDirs.has(dir)) {
      await fs.mkdir(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    try {
      return await body();
    } catch (e) {
      if (!isNotFound(e)) throw e;
      this.madeDirs.delete(dir);
      await fs.mkdir(dir, { recursive: true });
      this.madeDirs.add(dir);
      return body();
    }
  }

  private async writeTemp(target: string, data: Uint8Array | string): Promise<string> {
    const dir = path.dirname(target);
    const tmp = path.join(dir, tempFileName());
    try {
      await this.inFolderAsync(dir, () => writeWholeFile(tmp, data));
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw storageError(`write ${target}`, e);
    }
    return tmp;
  }
}

function isNotFound(e: unknown): boolean {
  return (e as NodeJS.ErrnoException).code === "ENOENT";
}

function storageError(what: string, cause: unknown): MetaflowError {
  const code = (cause as NodeJS.ErrnoException).code;
  const hint =
    code === "ENOSPC"
      ? "the disk is full; free space and resume the run"
      : code === "EACCES" || code === "EPERM"
        ? "permission denied; check the datastore folder's permissions"
        : String((cause as Error).message ?? cause);
  return new MetaflowError(ErrorCode.Storage, `Cannot ${what}: ${hint}`, { cause });
}
