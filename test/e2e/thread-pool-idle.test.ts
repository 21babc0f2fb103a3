/**
 * The thread pool of the local backend (built: `npm run build`, as the pool starts the bundled task
 * runtime of dist/): a thread left idle past the pool's idle lifetime is stopped and not replaced
 * (e.g. the second thread of a foreach while its join runs alone), while a thread taken again
 * before that keeps running.
 * @module
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { join } from "node:path";
import type { Worker } from "node:worker_threads";
import { flowPath, repoRoot } from "../utils/cli.js";

const { ThreadPool } = (await import(join(repoRoot, "dist", "scheduler", "thread-pool.js"))) as typeof import("../../src/scheduler/thread-pool.js");

/** Whether `worker` has exited (a finished thread's id is -1). */
const exited = (worker: Worker): boolean => worker.threadId === -1;

test("an idle thread is stopped after the idle lifetime; a thread taken again keeps running", { timeout: 60_000 }, async () => {
  const idleMs = 100;
  // No code package is preloaded: these threads never run a task.
  const pool = new ThreadPool(2, "/nonexistent/code.mjs", flowPath("linear.ts"), { ...process.env }, false, idleMs);
  const first = pool.take();
  const second = pool.take();
  assert.notEqual(first, second);
  // The pool's threads and timers do not keep the process alive (the scheduler's run does): this does.
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    pool.release(first);
    await once(first, "exit"); // stopped by the pool: nothing took it
    await new Promise((resolve) => setImmediate(resolve));
    // Not replaced by a warm thread (which would be stopped in turn, and replaced, again and again).
    assert.equal((pool as unknown as { idle: Worker[] }).idle.length, 0);
    // Taken again at once: its idle timer is cancelled.
    pool.release(second);
    assert.equal(pool.take(), second);
    await sleep(idleMs * 5);
    assert.equal(exited(second), false, "a thread running a task is never stopped for idleness");
    // The next take boots a new thread.
    const third = pool.take();
    assert.notEqual(third, first);
    assert.notEqual(third, second);
    await third.terminate();
  } finally {
    clearInterval(keepAlive);
    pool.close();
    await second.terminate();
  }
});
