/**
 * Behaviour: a worker thread whose task left much memory behind (more than 96 MiB of heap and
 * Buffers) collects its garbage and runs the next task when that frees it, and retires (the next task
 * runs in a fresh thread) when the memory stays reachable, here from a module-level variable of the
 * task's code instance. Either way the next task sees none of it. Built CLI (`npm run build`).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { flowPath, runFlow } from "../utils/cli.js";
import { assertSucceeded, openRun } from "../utils/client.js";

test("a thread collects a big task's garbage and is reused; memory left reachable retires it", { timeout: 120_000 }, async () => {
  const r = await runFlow(flowPath("thread-memory.ts"), [], { maxWorkers: 1 });
  assertSucceeded(r);
  const run = await openRun("ThreadMemoryFlow", r);
  assert.equal(((await run.data())["blob"] as Buffer).length, 128 * 1024 * 1024, "start's artifact was stored");
  const d = (await (await (await run.step("end")).task()).data()) as Record<string, number>;
  assert.equal(d["keptBytes"], 128 * 1024 * 1024);
  assert.equal(d["keepThread"], d["startThread"], "keep ran in the thread of start: start's 128 MiB were collected, the thread was not replaced");
  assert.notEqual(d["endThread"], d["keepThread"], "end ran in a fresh thread: keep's 128 MiB stayed reachable, so its thread retired");
});
