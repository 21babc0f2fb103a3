/**
 * Makes a running task's output readable before it ends: the lines it printed so far are
 * written to its log keys at most once per interval (whole-file atomic writes), so the client
 * and the UI can tail them. A task that ends within the first interval writes nothing here.
 * @module
 */
import type { LogStream, TaskDatastore } from "../datastore/task-datastore.js";

/** Default time between two writes of a running task's logs. */
export const LIVE_LOG_INTERVAL_MS = 1000;

/** The output a running attempt printed so far, flushed to its datastore now and then. */
export class LiveLog {
  private readonly lines: Record<LogStream, string[]> = { stdout: [], stderr: [] };
  private readonly dirty = new Set<LogStream>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly tds: TaskDatastore,
    private readonly intervalMs = LIVE_LOG_INTERVAL_MS,
  ) {}

  /** Records one line of output. */
  line(stream: LogStream, line: string): void {
    if (this.closed) return;
    this.lines[stream].push(line);
    this.dirty.add(stream);
    if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), this.intervalMs);
      this.timer.unref();
    }
  }

  /** Stops flushing and waits for a write in progress (the final logs are written after this). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
  }

  private flush(): void {
    this.timer = undefined;
    const streams = [...this.dirty];
    this.dirty.clear();
    this.writing = this.writing
      .then(() => Promise.all(streams.map((s) => (this.closed ? undefined : this.tds.writeLog(s, `${this.lines[s].join("\n")}\n`)))))
      .then(
        () => undefined,
        () => undefined, // a failed interim write only delays what readers see; the final write reports errors
      );
  }
}
