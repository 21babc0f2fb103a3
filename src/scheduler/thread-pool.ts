/**
 * Warm worker threads for tasks. Each thread is started ahead of time and loads the runtime and
 * the run's code package before it gets a task. A thread whose task succeeded and left nothing
 * behind (no timer, socket or child still running, no global or environment variable it could not
 * put back) comes back to the pool and runs the next task with a fresh instance of the code package
 * (see task/thread-entry.ts), so the cost of booting an isolate is paid once per thread, not per
 * task. Any other thread (a failed task, `process.exit()`, a leftover) exits and is replaced.
 * Threads are booted only as tasks need them: one warm thread at first, another only when a task
 * finds none idle (at most `size`), so a run that never has two tasks at once boots one isolate.
 * The first thread can be started before the run's pool exists ({@link prestartThread}), so that it
 * boots while the flow is inspected and the run is recorded; the pool then adopts it.
 * An idle thread that no task takes for {@link idleLifetimeMs} is stopped (its isolate freed), e.g.
 * the second thread of a foreach while the join runs alone; the next task that finds none idle boots one.
 * @module
 */
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

// The build bundles the thread entry with its static imports into one file (scripts/bundle-task-runtime.mjs).
const threadEntry = fileURLToPath(new URL("../task/thread-runtime.js", import.meta.url));

/**
 * Young generation of a task thread's isolate (MiB): semi-spaces of 4 MiB instead of V8's 16. A join
 * over 10,000 inputs grew its young generation to the full 48 MiB (32 MiB resident); allocation-heavy
 * steps measured the same CPU time with this limit (with 3 MiB they took 30% more).
 */
const youngGenerationMb = 12;
const resourceLimits = { maxYoungGenerationSizeMb: youngGenerationMb };

/** Which code package a thread's tasks run (the thread's `setup` message, see task/thread-entry.ts). */
interface ThreadSetup {
  readonly codePath: string;
  readonly flowFile: string;
  /** Whether the thread loads the code package before it gets its task. */
  readonly preload: boolean;
}

/** A thread started ahead of its run ({@link prestartThread}), with the environment it was given and the setup it was sent. */
let spare: { readonly worker: Worker; readonly env: NodeJS.ProcessEnv; readonly snapshot: NodeJS.ProcessEnv; readonly timer: NodeJS.Timeout; setup?: ThreadSetup } | undefined;

/**
 * How long a thread of a pool stays idle before it is stopped. Between tasks of a busy run a
 * released thread is taken again within milliseconds; one left idle while a long task (a join over
 * 10,000 inputs) runs alone would hold its isolate (~20–25 MiB) for nothing.
 */
export const idleLifetimeMs = 1000;

/** How long a started thread waits for a run to adopt it before it is stopped. */
const spareLifetimeMs = 30_000;

/**
 * Starts a task thread for a run about to begin in this process with `env` (no-op if one is
 * waiting): it boots and loads the task runtime, then waits until a {@link ThreadPool} with the
 * same, unchanged environment adopts it and says which code package to load. Unadopted, it is
 * stopped after {@link spareLifetimeMs}; it never keeps the process alive.
 */
export function prestartThread(env: NodeJS.ProcessEnv): void {
  if (spare !== undefined) return;
  const snapshot = { ...env };
  const worker = new Worker(threadEntry, { workerData: {}, env: snapshot, stdout: true, stderr: true, resourceLimits });
  worker.unref();
  worker.on("error", () => undefined);
  const timer = setTimeout(() => {
    if (spare?.worker !== worker) return;
    spare = undefined;
    void worker.terminate();
  }, spareLifetimeMs).unref();
  worker.once("exit", () => {
    if (spare?.worker !== worker) return;
    clearTimeout(timer);
    spare = undefined;
  });
  spare = { worker, env, snapshot, timer };
}

/**
 * Tells the thread started ahead of the run for `env` ({@link prestartThread}) which code package the
 * run's tasks use, so that it loads the first instance while the run is still being recorded (the
 * pool that adopts it then does not send it again). No-op when no thread waits for `env`.
 */
export function preloadSpareThread(env: NodeJS.ProcessEnv, codePath: string, flowFile: string): void {
  const s = spare;
  if (s === undefined || s.env !== env || s.setup !== undefined) return;
  s.setup = { codePath, flowFile, preload: true };
  s.worker.postMessage({ setup: s.setup });
}

/** The waiting thread (and the setup it was sent, if any), if it was started for `env` and `env` has not changed since. */
function adoptSpare(env: NodeJS.ProcessEnv): { readonly worker: Worker; readonly setup: ThreadSetup | undefined } | undefined {
  const s = spare;
  if (s === undefined || s.env !== env) return undefined;
  spare = undefined;
  clearTimeout(s.timer);
  const keys = Object.keys(env);
  if (keys.length !== Object.keys(s.snapshot).length || keys.some((k) => env[k] !== s.snapshot[k])) {
    void s.worker.terminate();
    return undefined;
  }
  return { worker: s.worker, setup: s.setup };
}

/** Whether a thread was sent `setup` already (a spare thread told the code package before its pool adopted it). */
function sameSetup(sent: ThreadSetup | undefined, setup: ThreadSetup): boolean {
  return sent !== undefined && sent.codePath === setup.codePath && sent.flowFile === setup.flowFile && sent.preload === setup.preload;
}

/** Keeps up to `size` threads (idle or running a task), the idle ones warm. */
export class ThreadPool {
  private readonly idle: Worker[] = [];
  private readonly live = new Set<Worker>();
  /** The timer that stops each idle thread (see {@link idleLifetimeMs}). */
  private readonly idleTimers = new Map<Worker, NodeJS.Timeout>();
  /** Threads stopped for being idle: not replaced when they exit. */
  private readonly retired = new WeakSet<Worker>();
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly codePath: string,
    private readonly flowFile: string,
    private readonly env: NodeJS.ProcessEnv,
    /** Whether a warm thread loads the code package before it gets its task. */
    private readonly preload = true,
    /** See {@link idleLifetimeMs}. */
    private readonly idleMs = idleLifetimeMs,
  ) {
    this.refill();
  }

  /** A warm thread (or a new one), removed from the pool until {@link release} or its exit. */
  take(): Worker {
    const worker = this.idle.shift();
    if (worker === undefined) return this.spawn();
    clearTimeout(this.idleTimers.get(worker));
    this.idleTimers.delete(worker);
    return worker;
  }

  /** Gives back a thread whose task ended and which can run another; otherwise it is stopped. */
  release(worker: Worker): void {
    if (this.closed || this.live.size > this.size) {
      this.live.delete(worker);
      void worker.terminate();
      return;
    }
    worker.unref();
    this.makeIdle(worker);
  }

  /** Stops the idle threads; taken ones run to their end. */
  close(): void {
    this.closed = true;
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    for (const w of this.idle.splice(0)) void w.terminate();
  }

  /** Keeps one warm thread ready (a thread that exited is replaced) while there is room for it. */
  private refill(): void {
    if (!this.closed && this.idle.length === 0 && this.live.size < this.size) this.makeIdle(this.spawn());
  }

  /** Puts a thread in the idle list, to be stopped if no task takes it within {@link idleMs}. */
  private makeIdle(worker: Worker): void {
    this.idle.push(worker);
    const timer = setTimeout(() => {
      this.idleTimers.delete(worker);
      const i = this.idle.indexOf(worker);
      if (i < 0) return;
      this.idle.splice(i, 1);
      this.retired.add(worker);
      void worker.terminate();
    }, this.idleMs);
    timer.unref();
    this.idleTimers.set(worker, timer);
  }

  private spawn(): Worker {
    const setup: ThreadSetup = { codePath: this.codePath, flowFile: this.flowFile, preload: this.preload };
    const adopted = adoptSpare(this.env);
    if (adopted !== undefined && !sameSetup(adopted.setup, setup)) adopted.worker.postMessage({ setup });
    const worker = adopted?.worker ?? new Worker(threadEntry, { workerData: setup, env: { ...this.env }, stdout: true, stderr: true, resourceLimits });
    this.live.add(worker);
    worker.unref();
    // While a task runs, the launcher reports the thread's errors; an idle thread's error ends it (see "exit").
    worker.on("error", () => undefined);
    worker.once("exit", () => {
      // A thread that exited (it could not be reused, or died while idle) is replaced by a warm one.
      this.live.delete(worker);
      clearTimeout(this.idleTimers.get(worker));
      this.idleTimers.delete(worker);
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
      if (!this.retired.has(worker)) this.refill();
    });
    return worker;
  }
}
