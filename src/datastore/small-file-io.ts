/**
 * Synchronous reads and writes of small files, for the local storage. A record of a few hundred
 * bytes written through Node's async `fs` takes four trips through libuv's thread pool (open, write,
 * close, rename), each one waking a pool thread and then the event loop again (futex, eventfd and
 * epoll calls around every file call); done synchronously it is four system calls on the calling
 * thread. A task thread or the scheduler writes and reads several such records per task, so this is
 * most of the kernel time of a wide foreach. Larger files keep the async path: a long transfer must
 * not hold the event loop.
 * @module
 */
import { closeSync, fstatSync, linkSync, openSync, readSync, renameSync, unlinkSync, writeFileSync } from "node:fs";

/** Files up to this size are read and written synchronously. */
export const smallFileLimit = 256 * 1024;

/** Whether `data` is small enough for {@link writeFileSyncAtomic}. */
export function isSmall(data: Uint8Array | string): boolean {
  return (typeof data === "string" ? data.length * 3 : data.byteLength) <= smallFileLimit;
}

/**
 * Reads `file` whole when it is at most `limit` bytes; undefined when it is larger (read it
 * asynchronously then). Throws the `fs` error (ENOENT when it does not exist).
 */
export function readSmallFileSync(file: string, limit: number = smallFileLimit): Buffer | undefined {
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    if (size > limit) return undefined;
    const buffer = Buffer.allocUnsafe(size);
    let offset = 0;
    while (offset < size) {
      const n = readSync(fd, buffer, offset, size - offset, offset);
      if (n === 0) break;
      offset += n;
    }
    return offset === size ? buffer : buffer.subarray(0, offset);
  } finally {
    closeSync(fd);
  }
}

/** Writes `data` to the temp file `tmp` and renames it to `target` (a reader never sees a part). */
export function writeFileSyncAtomic(tmp: string, target: string, data: Uint8Array | string): void {
  writeFileSync(tmp, data);
  try {
    renameSync(tmp, target);
  } catch (e) {
    removeQuietly(tmp);
    throw e;
  }
}

/**
 * Writes `data` to `tmp` and links it to `target` only if `target` does not exist (`link` fails
 * with EEXIST then: of concurrent writers exactly one wins). Returns whether this call created it.
 */
export function writeFileSyncIfAbsent(tmp: string, target: string, data: Uint8Array | string): boolean {
  writeFileSync(tmp, data);
  try {
    linkSync(tmp, target);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  } finally {
    removeQuietly(tmp);
  }
}

/** Removes a file, ignoring any error (a temp file that is already gone). */
export function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone, or the folder was removed: nothing to clean up
  }
}
