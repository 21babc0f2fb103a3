/**
 * The thread pool of the local backend (built: `npm run build`, as the pool starts the bundled task
 * runtime of dist/): a thread left idle past the pool's idle lifetime is stopped and not replaced
 * (e.g. the second thread of a foreach while its join runs alone), while a thread taken again
 * before that keeps running. A thread started ahead of its run loads the code package as soon as
 * it is told which (while the run is still being recorded), before a pool adopts it.
 * @module
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { join } from "node:path";
import type { Worker } from "node:worker_threads";
import { flowPath, makeTmpDir, repoRoot } from "../utils/cli.js";

const { ThreadPool, prestartThread, preloadSpareThread } = (await import(join(repoRoot, "dist", "scheduler", "thread-pool.js"))) as typeof import("../../src/scheduler/thread-pool.js");

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

test("a thread started ahead of its run loads the code package when told, before a pool adopts it", { timeout: 60_000 }, async () => {
  const dir = await makeTmpDir("mfts-preload-");
  const marker = join(dir, "evaluated.txt");
  const codePath = join(dir, "code.mjs");
  // A stand-in code package that records each evaluation (it defines no flow: the task would fail, none is run).
  await writeFile(codePath, `import { appendFileSync } from "node:fs";\nappendFileSync(${JSON.stringify(marker)}, "evaluated\\n");\n`);
  const env = { ...process.env };
  const evaluations = (): number => (existsSync(marker) ? readFileSync(marker, "utf8").split("\n").filter(Boolean).length : 0);
  const keepAlive = setInterval(() => undefined, 1000);
  let pool: InstanceType<typeof ThreadPool> | undefined;
  try {
    prestartThread(env);
    preloadSpareThread(env, codePath, flowPath("linear.ts"));
    for (let i = 0; i < 600 && evaluations() === 0; i++) await sleep(50);
    assert.equal(evaluations(), 1, "the waiting thread evaluated the code package once, with no pool yet");
    // The run's pool adopts that thread rather than booting one.
    pool = new ThreadPool(1, codePath, flowPath("linear.ts"), env, true);
    await pool.take().terminate();
  } finally {
    clearInterval(keepAlive);
    pool?.close();
  }
});
