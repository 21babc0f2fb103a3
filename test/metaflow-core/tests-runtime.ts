/**
 * Core tests about foreach, logs, retries, exceptions and time limits (Metaflow's
 * basic_foreach, nested_foreach, wide_foreach, basic_log, catch_retry, task_exception,
 * timeout_decorator), as TypeScript.
 * @module
 */
import assert from "node:assert/strict";
import type { CoreTest } from "./core-test.js";
import { switchGraphs } from "./core-test.js";

const order = [26, 5, 10, 15, 25, 11, 22, 6, 19, 12, 16, 9, 28, 14, 24, 20, 30, 1, 13, 18, 2, 17, 21, 3, 29, 4, 27, 31, 8, 23, 0, 7];

/** Foreach inputs and indices stay put over several steps; a join sees its inputs in split order. */
const basicForeach: CoreTest = {
  name: "BasicForeachTest",
  priority: 0,
  skipGraphs: switchGraphs,
  steps: [
    { prio: 0, quals: ["foreach-split"], required: true, code: ["this.my_index = null;", `this.arr = ${JSON.stringify(order)};`] },
    {
      prio: 0,
      quals: ["foreach-inner"],
      required: true,
      code: ["if (this.my_index === null) this.my_index = this.index;", "assertEquals(this.my_index, this.index);", "assertEquals(this.arr[this.index], this.input);", "this.my_input = this.input;"],
    },
    { prio: 0, quals: ["foreach-join"], required: true, code: [`assertEquals(${JSON.stringify(order)}, [...inputs].map((i: any) => i.my_input));`] },
    { prio: 1, quals: ["all"], code: [] },
  ],
};

/** Three nested foreach over strings: the stack's frames give each level's index, count and item. */
const nestedForeach: CoreTest = {
  name: "NestedForeachTest",
  priority: 1,
  skipGraphs: switchGraphs,
  steps: [
    {
      prio: 0,
      quals: ["foreach-nested-inner"],
      required: true,
      code: [
        "const [x, y, z] = this.foreachStack();",
        "assertEquals([...this.x].length, x.count);",
        "assertEquals([...this.y].length, y.count);",
        "assertEquals([...this.z].length, z.count);",
        "assertEquals([...this.x][x.index], x.value);",
        "assertEquals([...this.y][y.index], y.value);",
        "assertEquals([...this.z][z.index], z.value);",
        "this.combo = `${x.value}${y.value}${z.value}`;",
      ],
    },
    { prio: 1, quals: ["all"], code: [] },
  ],
  async check(c) {
    const got = [...(await c.artifactDict("foreach_inner", "combo")).values()].map(String).sort();
    const expected = [...("abc")].flatMap((x) => [..."de"].flatMap((y) => [..."fghijk"].map((z) => x + y + z))).sort();
    assert.deepEqual(got, expected);
  },
};

/** A foreach of 1,200 tasks. */
const wideForeach: CoreTest = {
  name: "WideForeachTest",
  priority: 3,
  skipGraphs: switchGraphs,
  steps: [
    { prio: 0, quals: ["foreach-split-small"], required: true, code: ["this.my_index = null;", "this.arr = Array.from({ length: 1200 }, (_, i) => i);"] },
    { prio: 0, quals: ["foreach-inner-small"], required: true, code: ["this.my_input = this.input;"] },
    { prio: 0, quals: ["foreach-join-small"], required: true, code: ["assertEquals(Array.from({ length: 1200 }, (_, i) => i), [...inputs].map((i: any) => i.my_input));"] },
    { prio: 1, quals: ["all"], code: [] },
  ],
  async check(c) {
    const got = [...(await c.artifactDict("foreach_inner", "my_input")).values()].map(Number).sort((a, b) => a - b);
    assert.deepEqual(got, Array.from({ length: 1200 }, (_, i) => i));
  },
};

const logLines = { stdout: "stdout: A regular message.\nstdout: A message with unicode: \u5e74\n", stderr: "stderr: A regular message.\nstderr: A message with unicode: \u5e74\n" };

/** What a step prints is stored per task and read back by the client and `logs`. */
const basicLog: CoreTest = {
  name: "BasicLogTest",
  priority: 0,
  skipGraphs: switchGraphs,
  steps: [
    { prio: 0, quals: ["singleton"], required: true, code: [`process.stdout.write(${JSON.stringify(logLines.stdout)});`, `process.stderr.write(${JSON.stringify(logLines.stderr)});`] },
    { prio: 1, quals: ["all"], code: [] },
  ],
  async check(c) {
    for (const step of await c.steps()) {
      if (step === "start" || step === "end") continue;
      await c.assertLog(step, "stdout", logLines.stdout, false);
      await c.assertLog(step, "stderr", logLines.stderr, false);
    }
  },
};

const retry2 = "retry({ times: 2, minutesBetweenRetries: 0 })";

/** @retry attempts, @catchError after the last one, the latest attempt's artifacts win. */
const catchRetry: CoreTest = {
  name: "CatchRetryTest",
  priority: 2,
  skipGraphs: switchGraphs,
  steps: [
    {
      prio: 0,
      quals: ["start"],
      decorators: ["retry({ times: 3, minutesBetweenRetries: 0 })"],
      code: [
        "this.test_attempt = current.retryCount;",
        "process.stdout.write(`stdout testing logs ${this.test_attempt}\\n`);",
        "process.stderr.write(`stderr testing logs ${this.test_attempt}\\n`);",
        "if (this.test_attempt < 3) {",
        "  this.invisible = true;",
        "  throw new TestRetry();",
        "}",
      ],
    },
    { prio: 0, quals: ["foreach-split", "parallel-split"], decorators: [retry2], code: ["if (current.retryCount === 2) this.this_is_split = true;", "else throw new TestRetry();"] },
    { prio: 0, quals: ["join"], decorators: [retry2], code: ["if (current.retryCount === 2) this.test_attempt = inputs[0].test_attempt;", "else throw new TestRetry();"] },
    {
      prio: 0,
      quals: ["end"],
      required: true,
      decorators: ['catchError({ var: "end_ex", printException: false })'],
      code: ["assertEquals(3, this.test_attempt);", "this.here = true;", 'throw new RangeError("catch me!");'],
    },
    {
      prio: 1,
      quals: ["all"],
      decorators: ['catchError({ var: "ex", printException: false })', retry2],
      code: ["this.retry_with_catch = current.retryCount;", "throw new TestRetry();"],
    },
  ],
  async check(c) {
    await c.assertLog("start", "stdout", "stdout testing logs 3\n", false);
    await c.assertLog("start", "stderr", "stderr testing logs 3\n", false);
    for (const step of await c.steps()) {
      const node = c.graph.steps[step] ?? {};
      const tasks = await c.tasks(step);
      if (step === "start") {
        await c.assertArtifact("start", "test_attempt", 3);
        assert.equal((await c.artifactDict("start", "invisible")).size, 0, "'invisible' of a failed attempt is not visible");
      } else if (step === "end") {
        await c.assertArtifact("end", "test_attempt", 3);
        for (const t of tasks) {
          const ex = (await t.artifact("end_ex")) as { type: string; message: string };
          assert.equal(ex.message, "catch me!");
          assert.equal(ex.type, "RangeError");
          assert.equal(await t.artifact("here"), true);
          assert.equal(t.exception, undefined, "a caught exception is not the task's exception");
        }
      } else if (node.foreach !== undefined) {
        await c.assertArtifact(step, "this_is_split", true);
      } else if (!node.join) {
        for (const t of tasks) {
          assert.equal(((await t.artifact("ex")) as { type: string }).type, "TestRetry");
          assert.equal(await t.artifact("retry_with_catch"), 2);
        }
      }
      if (step !== "end") for (const t of tasks) assert.equal(t.attempts, step === "start" ? 4 : 3, `${t.pathspec} attempts`);
    }
  },
};

/** A step's exception is stored with the failed task. */
const taskException: CoreTest = {
  name: "TaskExceptionTest",
  priority: 1,
  skipGraphs: switchGraphs,
  shouldFail: true,
  steps: [
    { prio: 0, quals: ["singleton-end"], required: true, code: ['throw new TypeError("Something has gone wrong");'] },
    { prio: 2, quals: ["all"], code: [] },
  ],
  async check(c) {
    const tasks = await c.tasks("end");
    assert.equal(tasks.length, 1);
    for (const t of tasks) {
      assert.equal(t.successful, false);
      assert.equal(t.exception?.name, "TypeError");
      assert.equal(t.exception?.message, "Something has gone wrong");
    }
  },
};

/** @timeout kills a step that runs too long; @catchError stores the time-out. */
const timeoutDecorator: CoreTest = {
  name: "TimeoutDecoratorTest",
  priority: 2,
  skipGraphs: switchGraphs,
  steps: [
    {
      prio: 0,
      quals: ["singleton-start", "foreach-inner"],
      required: true,
      decorators: ['catchError({ var: "ex", printException: false })', "timeout({ seconds: 2 })"],
      code: ["this.check = true;", "await new Promise((resolve) => setTimeout(resolve, 60_000));"],
    },
    { prio: 1, quals: ["all"], code: [] },
  ],
  async check(c) {
    let timedOut = 0;
    for (const step of await c.steps()) {
      for (const t of await c.tasks(step)) {
        if (!t.artifacts().some((a) => a.name === "ex")) continue;
        const ex = (await t.artifact("ex")) as { type: string; message: string } | undefined;
        if (ex === undefined) continue;
        assert.equal(ex.type, "TimeoutError", `${t.pathspec}: ${ex.message}`);
        timedOut += 1;
      }
    }
    assert.ok(timedOut > 0, "some task timed out");
  },
};

/** Tests about the runtime. */
export const runtimeTests: readonly CoreTest[] = [basicForeach, nestedForeach, wideForeach, basicLog, catchRetry, taskException, timeoutDecorator];
