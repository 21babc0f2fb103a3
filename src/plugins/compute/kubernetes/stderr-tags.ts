/**
 * Kubernetes keeps one log per container, stdout and stderr interleaved. To keep them apart, the
 * task process in the container (told by `METAFLOW_TS_TAG_STDERR=1`, which the backend sets) starts
 * every line it writes to stderr with a tag, and the backend sorts the log's lines by that tag.
 *
 * What bypasses `process.stderr` (a child process inheriting the container's stderr, Node's own
 * fatal errors) arrives untagged and is kept as stdout, as before. A stdout line left unfinished
 * when a stderr line is written ends where the tag starts.
 * @module
 */
import { StringDecoder } from "node:string_decoder";

/** The variable that asks the task process to tag its stderr lines. */
export const tagStderrVariable = "METAFLOW_TS_TAG_STDERR";

/** Starts each stderr line in the container's log (control characters: never typed by a user). */
const tag = "\u0001mf-stderr\u0002";

type Write = NodeJS.WriteStream["write"];

/** The task's side: every line written to `stream` (process.stderr) from now on starts with the tag. */
export function tagStderrLines(stream: NodeJS.WriteStream = process.stderr): void {
  const write = stream.write.bind(stream) as (chunk: string, encoding: BufferEncoding, cb?: (err?: Error | null) => void) => boolean;
  const decoder = new StringDecoder("utf8");
  let atLineStart = true;
  stream.write = ((chunk: string | Uint8Array, encoding?: BufferEncoding | ((err?: Error | null) => void), cb?: (err?: Error | null) => void): boolean => {
    const callback = typeof encoding === "function" ? encoding : cb;
    const text = typeof chunk === "string" ? (typeof encoding === "string" && encoding !== "utf8" ? Buffer.from(chunk, encoding).toString("utf8") : chunk) : decoder.write(Buffer.from(chunk));
    let out = "";
    for (const piece of text.split(/(?<=\n)/)) {
      if (piece === "") continue;
      if (atLineStart) out += tag;
      out += piece;
      atLineStart = piece.endsWith("\n");
    }
    return write(out, "utf8", callback);
  }) as Write;
}

/** One line of the container's log, given back to the stream it was written to. */
export interface LogLine {
  readonly stream: "stdout" | "stderr";
  readonly line: string;
}

/** The backend's side: the lines of `text` (whole lines of the log, without their final newline) by stream. */
export function sortLogLines(text: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const raw of text.split("\n")) {
    const at = raw.indexOf(tag);
    if (at === -1) lines.push({ stream: "stdout", line: raw });
    else {
      if (at > 0) lines.push({ stream: "stdout", line: raw.slice(0, at) });
      lines.push({ stream: "stderr", line: raw.slice(at + tag.length).replaceAll(tag, "") });
    }
  }
  return lines;
}

/** The whole log of an ended container as its two streams. */
export function splitLog(log: string): { stdout: Buffer; stderr: Buffer } {
  if (log === "") return { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };
  const ended = log.endsWith("\n");
  const lines = sortLogLines(ended ? log.slice(0, -1) : log);
  const join = (stream: LogLine["stream"]): Buffer => {
    const mine = lines.filter((l) => l.stream === stream).map((l) => `${l.line}\n`);
    return Buffer.from(mine.join(""));
  };
  return { stdout: join("stdout"), stderr: join("stderr") };
}
