/**
 * Behaviour: tasks are isolated from each other even when one worker thread runs them one after
 * another (`--max-workers 1`): a module-level counter incremented by every task reads 1 in each,
 * a global or an environment variable set by one task is not seen by the next, a task that calls
 * `process.exit(3)` or throws fails alone (`@catchError` lets the run go on), and each task's log
 * holds its own output only. The same guarantees hold with process isolation.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { flowPath, limiter, runFlow, RUN_CONCURRENCY, type FlowRunResult } from "../utils/cli.js";
import { assertSucceeded, byIndex, openRun, tasksOf } from "../utils/client.js";
import type { Seen } from "../flows/isolation.js";

const limit = limiter(RUN_CONCURRENCY);
const runs = {
  thread: limit(() => runFlow(flowPath("isolation.ts"), [], { maxWorkers: 1 })),
  process: limit(() => runFlow(flowPath("isolation.ts"), [], { maxWorkers: 1, env: { METAFLOW_TS_ISOLATION: "process" } })),
};

for (const isolation of ["thread", "process"] as const) {
  describe(`isolation of tasks (${isolation})`, () => {
    const read = async (): Promise<{ r: FlowRunResult; seen: Map<number, Seen>; tasks: Awaited<ReturnType<typeof tasksOf>> }> => {
      const r = await runs[isolation];
      assertSucceeded(r);
      const run = await openRun("IsolationFlow", r);
      const tasks = byIndex(await tasksOf(run, "body"));
      const seen = new Map<number, Seen>();
      for (const t of tasks) {
        const data = (await t.data()) as { seen?: Seen; failed?: unknown };
        if (data.failed === undefined && data.seen !== undefined) seen.set(data.seen.item, data.seen);
      }
      return { r, seen, tasks };
    };

    test("each task sees a fresh module, no global and no environment variable of another task", async () => {
      const { seen } = await read();
      assert.deepEqual([...seen.keys()].sort(), [1, 2, 5, 6], "the tasks that did not fail recorded what they saw");
      for (const s of seen.values()) {
        assert.equal(s.counter, 1, `item ${s.item}: the module-level counter starts at 0 in every task`);
        assert.equal(s.global, null, `item ${s.item}: no global set by another task`);
        assert.equal(s.env, null, `item ${s.item}: no environment variable set by another task`);
      }
      if (isolation === "thread") {
        const threads = [...seen.values()].map((s) => s.thread);
        assert.ok(new Set(threads).size < threads.length, `some tasks ran one after another in the same worker thread (threads ${threads.join(", ")})`);
      }
    });

    test("process.exit(3) and a throw fail only their own task", async () => {
      const { tasks } = await read();
      const failed = new Map<number, { message: string }>();
      for (const t of tasks) {
        const f = ((await t.data()) as { failed?: { message: string } }).failed;
        if (f !== undefined) failed.set(t.index ?? -1, f);
      }
      assert.deepEqual([...failed.keys()].sort(), [2, 3], "items 3 and 4 (foreach indexes 2 and 3) failed");
      assert.match(failed.get(2)?.message ?? "", /3/, "the exit code is reported");
      assert.match(failed.get(3)?.message ?? "", /item 4 fails on purpose/);
    });

    test("each task's log holds its own output only", async () => {
      const { tasks } = await read();
      for (const t of tasks) {
        // The first attempt ran the step (for a task that died, a second one records the failure).
        const out = (await t.stdout({ attempt: 0 }))
          .split("\n")
          .filter((l) => l.startsWith("output of item"));
        assert.deepEqual(out, [`output of item ${(t.index ?? -1) + 1}`], `task ${t.pathspec}`);
      }
    });
  });
}
