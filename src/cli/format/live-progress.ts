/**
 * The live progress display of a run on a terminal: a block at the bottom (one row per step:
 * done / running / queued / failed, elapsed, rate), redrawn in place (log-update) a few times a
 * second, with what the tasks print, failures and messages scrolling above it, each task's
 * output still prefixed. Replaces the start/finish lines of every task, unreadable in a wide
 * foreach. When the run ends the block stays as the run's summary.
 * @module
 */
import { createLogUpdate } from "log-update";
import type { RunEvent } from "../../scheduler/events.js";
import { runEndLine, taskFailedLines, taskPrefix } from "./console-reporter.js";
import { ProgressModel } from "./progress-model.js";
import { renderProgressTable } from "./progress-render.js";

/** Where the display draws. */
export interface LiveStreams {
  readonly stdout: NodeJS.WriteStream | NodeJS.WritableStream;
  readonly stderr: NodeJS.WriteStream | NodeJS.WritableStream;
}

/** Options of {@link liveProgress}. */
export interface LiveProgressOptions {
  /** Redraw at most this often. @default 100 */
  readonly redrawEveryMs?: number;
  /** The clock. @default Date.now */
  readonly now?: () => number;
}

/**
 * The stream as log-update sees it, with a usable size when the terminal reports none (0 rows
 * or columns, as under `script` or some CI terminals): log-update would draw nothing.
 */
function sizedStream(stream: NodeJS.WriteStream | NodeJS.WritableStream): NodeJS.WriteStream {
  const tty = stream as Partial<NodeJS.WriteStream>;
  return {
    write: (chunk: string) => stream.write(chunk),
    get isTTY() {
      return tty.isTTY === true;
    },
    get columns() {
      return tty.columns || 100;
    },
    get rows() {
      return tty.rows || 40;
    },
  } as unknown as NodeJS.WriteStream;
}

/** A run listener that draws the live display on `streams`. */
export function liveProgress(streams: LiveStreams = process, options: LiveProgressOptions = {}): (e: RunEvent) => void {
  const now = options.now ?? Date.now;
  const model = new ProgressModel();
  const block = createLogUpdate(sizedStream(streams.stdout));
  let label = "";
  let pending: { stream: "stdout" | "stderr"; line: string }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let dirty = false;

  const frame = (): string => renderProgressTable(label, model.snapshot(), model.startedAt, now()).join("\n");
  const flush = (): void => {
    if (pending.length > 0) {
      block.clear();
      for (const p of pending) (p.stream === "stdout" ? streams.stdout : streams.stderr).write(`${p.line}\n`);
      pending = [];
      dirty = true;
    }
    if (dirty) {
      block(frame());
      dirty = false;
    }
  };
  const print = (stream: "stdout" | "stderr", line: string): void => {
    pending.push({ stream, line });
  };

  return (e) => {
    model.apply(e, now());
    dirty = true;
    switch (e.type) {
      case "run:start":
        label = `${e.flowName}/${e.runId}`;
        print("stdout", `Workflow starting (run-id ${e.runId}): ${e.flowName}${e.originRunId ? `, resuming run ${e.originRunId}` : ""}`);
        timer = setInterval(flush, options.redrawEveryMs ?? 100).unref();
        flush();
        return;
      case "task:log":
        print(e.stream, `${taskPrefix(e.task)} ${e.line}`);
        return;
      case "task:end":
        if (e.status === "failed") for (const line of taskFailedLines(e)) print("stdout", line);
        return;
      case "run:message":
        print("stdout", e.message);
        return;
      case "run:end":
        clearInterval(timer);
        flush();
        block.done(); // the final table stays on the screen
        streams.stdout.write(`${runEndLine(e)}\n`);
        return;
      case "task:queued":
      case "task:start":
      case "task:reused":
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  };
}
