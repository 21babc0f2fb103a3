/**
 * A big file written a chunk at a time with a visitor called on every chunk while it is being
 * written (the content-addressed store hashes them): the write of a chunk runs on libuv's thread
 * pool while the calling thread visits it, so a blob is hashed and written in the time of the
 * slower of the two instead of their sum.
 * @module
 */
import type { FileHandle } from "node:fs/promises";

/**
 * Bytes per write: the unit of overlap (the first chunk's visit waits for nothing, the last write for
 * nothing). Not larger: on this project's Linux VMs, writes of 2 MiB and more made the kernel's copy
 * into the page cache (`copy_folio_from_iter_atomic`) several times costlier (~9% of a B4 run's CPU
 * samples at 2-4 MiB, under 1% at 1 MiB and below; `perf record`).
 */
export const visitedWriteChunk = 1024 * 1024;

/**
 * Writes `data` (bytes, or chunks produced one at a time) at the current position of `handle`,
 * calling `visit` on each chunk, in order, while that chunk is being written. A chunk is written and
 * visited before the next one is taken (a producer may reuse its buffer). `visit` must not change
 * the bytes. Throws the write's error, or the visit's.
 */
export async function writeVisiting(handle: FileHandle, data: Uint8Array | Iterable<Uint8Array>, visit: (chunk: Uint8Array) => void): Promise<void> {
  for (const piece of data instanceof Uint8Array ? [data] : data) {
    for (let offset = 0; offset < piece.byteLength; offset += visitedWriteChunk) {
      const chunk = piece.subarray(offset, Math.min(offset + visitedWriteChunk, piece.byteLength));
      // Started before the visit: the thread pool copies the chunk to the file while this thread reads it.
      const written = writeAll(handle, chunk);
      try {
        visit(chunk);
      } catch (e) {
        await written.catch(() => undefined);
        throw e;
      }
      await written;
    }
  }
}

async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  for (let done = 0; done < chunk.byteLength; ) {
    const { bytesWritten } = await handle.write(chunk, done, chunk.byteLength - done);
    done += bytesWritten;
  }
}
