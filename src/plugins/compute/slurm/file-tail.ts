/**
 * Follows a file another machine appends to (a job's stdout on a shared filesystem): reads what
 * was added since the last read, hands out complete lines, and keeps every byte.
 * @module
 */
import { promises as fs } from "node:fs";
import { StringDecoder } from "node:string_decoder";

/** Tails one file. */
export class FileTail {
  private offset = 0;
  private partial = "";
  private readonly decoder = new StringDecoder("utf8");
  private readonly chunks: Buffer[] = [];

  constructor(
    readonly file: string,
    private readonly onLine: (line: string) => void,
  ) {}

  /** Reads what was appended; a missing file (not created yet) reads as nothing. */
  async poll(): Promise<void> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.file, "r");
    } catch {
      return;
    }
    try {
      for (;;) {
        const buffer = Buffer.alloc(64 * 1024);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
        if (bytesRead === 0) break;
        const chunk = buffer.subarray(0, bytesRead);
        this.offset += bytesRead;
        this.chunks.push(chunk);
        const lines = (this.partial + this.decoder.write(chunk)).split("\n");
        this.partial = lines.pop() ?? "";
        for (const line of lines) this.onLine(line);
      }
    } finally {
      await handle.close();
    }
  }

  /** Reads the rest, flushes a last line without newline, and gives every byte read. */
  async finish(): Promise<Buffer> {
    await this.poll();
    this.partial += this.decoder.end();
    if (this.partial !== "") {
      this.onLine(this.partial);
      this.partial = "";
    }
    return Buffer.concat(this.chunks);
  }
}
