/**
 * Warm worker threads for tasks. Each thread is started ahead of time and loads the runtime and
 * the run's code package before it gets a task. A thread whose task succeeded and left nothing
 * behind (no timer, socket or child still running, no global or environment variable it could not
 * put back) comes back to the pool and runs the next task with a fresh instance of the code package
 * (see task/thread-entry.ts), so the cost of booting an isolate is paid once per thread, not per
 * task. Any other thread (a failed task, `process.exit()`, a leftover) exits and is replaced.
 * Threads are booted only as tasks need them: one warm thread at first, another only when a task
 * finds none idle (at most `size`), so a run that never has two tasks at once boots one isolate.
 * @module
 */
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

// The build bundles the thread entry with its static imports into one file (scripts/bundle-task-runtime.mjs).
const threadEntry = fileURLToPath(new URL("../task/thread-runtime.js", import.meta.url));

/** Keeps up to `size` threads (idle or running a task), the idle ones warm. */
export class ThreadPool {
  private readonly idle: Worker[] = [];
  private readonly live = new Set<Worker>();
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly codePath: string,
    private readonly flowFile: string,
    private readonly env: NodeJS.ProcessEnv,
    /** Whether a warm thread loads the code package before it gets its task. */
    private readonly preload = true,
  ) {
    this.refill();
  }

  /** A warm thread (or a new one), removed from the pool until {@link release} or its exit. */
  take(): Worker {
    return this.idle.shift() ?? this.spawn();
  }

  /** Gives back a thread whose task ended and which can run another; otherwise it is stopped. */
  release(worker: Worker): void {
    if (this.closed || this.live.size > this.size) {
      this.live.delete(worker);
      void worker.terminate();
      return;
    }
    worker.unref();
    this.idle.push(worker);
  }

  /** Stops the idle threads; taken ones run to their end. */
  close(): void {
    this.closed = true;
    for (const w of this.idle.splice(0)) void w.terminate();
  }

  /** Keeps one warm thread ready (a thread that exited is replaced) while there is room for it. */
  private refill(): void {
    if (!this.closed && this.idle.length === 0 && this.live.size < this.size) this.idle.push(this.spawn());
  }

  private spawn(): Worker {
    const worker = new Worker(threadEntry, {
      workerData: { codePath: this.codePath, flowFile: this.flowFile, preload: this.preload },
      env: { ...this.env },
      stdout: true,
      stderr: true,
    });
    this.live.add(worker);
    worker.unref();
    // While a task runs, the launcher reports the thread's errors; an idle thread's error ends it (see "exit").
    worker.on("error", () => undefined);
    worker.once("exit", () => {
      // A thread that exited (it could not be reused, or died while idle) is replaced by a warm one.
      this.live.delete(worker);
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
      this.refill();
    });
    return worker;
  }
}
