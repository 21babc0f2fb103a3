/**
 * Warm worker threads for tasks: each thread is started ahead of time, loads the runtime and
 * the run's code package, and then runs exactly one task. Start-up thus overlaps with other
 * work instead of delaying each task, while every task still gets a fresh isolate.
 * @module
 */
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

// The build bundles the thread entry with its static imports into one file (scripts/bundle-task-runtime.mjs).
const threadEntry = fileURLToPath(new URL("../task/thread-runtime.js", import.meta.url));

/** Keeps up to `size` warm threads ready. */
export class ThreadPool {
  private readonly idle: Worker[] = [];
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

  /** A warm thread (or a new one), removed from the pool; the pool starts a replacement. */
  take(): Worker {
    const worker = this.idle.shift() ?? this.spawn();
    this.refill();
    return worker;
  }

  /** Stops the idle threads; taken ones run to their end. */
  close(): void {
    this.closed = true;
    for (const w of this.idle.splice(0)) void w.terminate();
  }

  private refill(): void {
    while (!this.closed && this.idle.length < this.size) this.idle.push(this.spawn());
  }

  private spawn(): Worker {
    const worker = new Worker(threadEntry, {
      workerData: { codePath: this.codePath, flowFile: this.flowFile, preload: this.preload },
      env: { ...this.env },
      stdout: true,
      stderr: true,
    });
    worker.unref();
    // A warm thread that dies before it is used (e.g. terminated by close()) is simply dropped.
    worker.once("exit", () => {
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
    });
    return worker;
  }
}
