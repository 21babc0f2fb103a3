/**
 * Reading and writing whole files of any size: Node's one-call `readFile`/`writeFile` stop at
 * 2 GiB, so larger files are read into one buffer, and written from one, in 1 GiB chunks.
 * @module
 */
import { closeSync, fstatSync, openSync, promises as fs, readFileSync, readSync } from "node:fs";

/** Largest single read or write (Node refuses more than 2 GiB - 1 in one call). */
const chunk = 2 ** 30;

/** Writes `data` to `file` (created or truncated). */
export async function writeWholeFile(file: string, data: Uint8Array | string): Promise<void> {
  if (typeof data === "string" || data.byteLength <= chunk) return fs.writeFile(file, data);
  const handle = await fs.open(file, "w");
  try {
    for (let offset = 0; offset < data.byteLength; ) {
      const { bytesWritten } = await handle.write(data, offset, Math.min(chunk, data.byteLength - offset));
      offset += bytesWritten;
    }
  } finally {
    await handle.close();
  }
}

/** Reads a whole file into one buffer. */
export async function readWholeFile(file: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (e) {
    if (!isTooLarge(e)) throw e;
  }
  const handle = await fs.open(file, "r");
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.allocUnsafe(size);
    for (let offset = 0; offset < size; ) {
      const { bytesRead } = await handle.read(buffer, offset, Math.min(chunk, size - offset), offset);
      if (bytesRead === 0) throw new Error(`${file} got shorter while being read`);
      offset += bytesRead;
    }
    return buffer;
  } finally {
    await handle.close();
  }
}

/** Synchronous {@link readWholeFile}. */
export function readWholeFileSync(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    if (!isTooLarge(e)) throw e;
  }
  const fd = openSync(file, "r");
  try {
    const { size } = fstatSync(fd);
    const buffer = Buffer.allocUnsafe(size);
    for (let offset = 0; offset < size; ) {
      const bytesRead = readSync(fd, buffer, offset, Math.min(chunk, size - offset), offset);
      if (bytesRead === 0) throw new Error(`${file} got shorter while being read`);
      offset += bytesRead;
    }
    return buffer;
  } finally {
    closeSync(fd);
  }
}

function isTooLarge(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === "ERR_FS_FILE_TOO_LARGE" || code === "ERR_OUT_OF_RANGE";
}
