/**
 * Whether a file holds exactly some bytes, compared a slice at a time: proving a loaded value
 * unchanged against the file it was read from costs a read from the page cache and a `memcmp`
 * (~20 ms per 100 MiB), where hashing it again costs a sha256 pass (~60 ms), and no copy of the
 * value is held.
 * @module
 */
import { closeSync, openSync, readSync } from "node:fs";

/** Bytes read from the file per comparison: large enough for few system calls, small next to a big value. */
const sliceBytes = 1024 * 1024;

/**
 * Whether the bytes of `file` are exactly the concatenation of `chunks` (same length, same bytes).
 * Stops at the first difference. Throws what `open` throws (e.g. `ENOENT`).
 */
export function fileEqualsSync(file: string, chunks: Iterable<Uint8Array>): boolean {
  const fd = openSync(file, "r");
  try {
    const slice = Buffer.allocUnsafe(sliceBytes);
    let position = 0;
    for (const chunk of chunks) {
      for (let offset = 0; offset < chunk.byteLength; ) {
        const want = Math.min(sliceBytes, chunk.byteLength - offset);
        if (readFully(fd, slice, want, position) < want) return false;
        if (slice.compare(chunk, offset, offset + want, 0, want) !== 0) return false;
        offset += want;
        position += want;
      }
    }
    // Equal so far: the file must also end here.
    return readSync(fd, slice, 0, 1, position) === 0;
  } finally {
    closeSync(fd);
  }
}

/** Reads up to `length` bytes at `position` into the start of `into`; fewer only at the end of the file. */
function readFully(fd: number, into: Buffer, length: number, position: number): number {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, into, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}
