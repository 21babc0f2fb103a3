/**
 * Graph-shape matrix, part 2: switches (plain, nested, inside a branch, inside a foreach,
 * containing a foreach or a branch) and recursion (a step that loops to itself, also inside
 * a foreach). Checks that exactly the chosen branches ran and loops ran the right number
 * of times.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { flowPath, limiter, RUN_CONCURRENCY, runFlow } from "../utils/cli.js";
import { assertSucceeded, byIndex, onlyTaskData, openRun, tasksOf, type ClientRun } from "../utils/client.js";

const limit = limiter(RUN_CONCURRENCY);
const runs = {
  switchHot: limit(() => runFlow(flowPath("switch-basic.ts"))),
  switchCold: limit(() => runFlow(flowPath("switch-basic.ts"), ["--mode", "cold"])),
  switchNested: limit(() => runFlow(flowPath("switch-nested.ts"))),
  switchInBranch: limit(() => runFlow(flowPath("switch-in-branch.ts"))),
  switchInForeach: limit(() => runFlow(flowPath("switch-in-foreach.ts"))),
  foreachInSwitch: limit(() => runFlow(flowPath("foreach-in-switch.ts"))),
  branchInSwitch: limit(() => runFlow(flowPath("branch-in-switch.ts"))),
  recursive: limit(() => runFlow(flowPath("recursive-switch.ts"))),
  recursiveInForeach: limit(() => runFlow(flowPath("recursive-switch-in-foreach.ts"))),
};

/** Asserts how many tasks each named step has (0 = the step never ran). */
async function assertTaskCounts(run: ClientRun, expected: Record<string, number>): Promise<void> {
  for (const [stepName, count] of Object.entries(expected)) {
    assert.equal((await tasksOf(run, stepName)).length, count, `tasks of step ${stepName}`);
  }
}

describe("graph matrix: switch and recursion", () => {
  test("switch-basic: default mode takes the hot branch only", async () => {
    const r = await runs.switchHot;
    assertSucceeded(r);
    const run = await openRun("SwitchBasicFlow", r);
    const data = await run.data();
    assert.equal(data["reading"], "it is hot");
    assert.deepEqual(data["path"], ["start", "hotStep", "end"]);
    await assertTaskCounts(run, { start: 1, hotStep: 1, coldStep: 0, end: 1 });
  });

  test("switch-basic: --mode cold takes the cold branch only", async () => {
    const r = await runs.switchCold;
    assertSucceeded(r);
    const run = await openRun("SwitchBasicFlow", r);
    const data = await run.data();
    assert.equal(data["reading"], "it is cold");
    assert.equal(data["temp"], "cold");
    assert.deepEqual(data["path"], ["start", "coldStep", "end"]);
    await assertTaskCounts(run, { hotStep: 0, coldStep: 1 });
  });

  test("switch-nested: a then y", async () => {
    const r = await runs.switchNested;
    assertSucceeded(r);
    const run = await openRun("SwitchNestedFlow", r);
    const data = await run.data();
    assert.equal(data["result"], "ay");
    assert.deepEqual(data["path"], ["start", "pickA", "ay", "afterA", "end"]);
    await assertTaskCounts(run, { pickA: 1, ay: 1, afterA: 1, ax: 0, pickB: 0 });
  });

  test("switch-in-branch: the switch arm converges before the static join", async () => {
    const r = await runs.switchInBranch;
    assertSucceeded(r);
    const run = await openRun("SwitchInBranchFlow", r);
    const data = await run.data();
    assert.equal(data["combined"], "42 is even! / half is 21");
    assert.equal(data["number"], 42);
    await assertTaskCounts(run, { left: 1, leftEven: 1, leftOdd: 0, leftDone: 1, right: 1, join: 1 });
  });

  test("switch-in-foreach: each foreach task takes its own case", async () => {
    const r = await runs.switchInForeach;
    assertSucceeded(r);
    const run = await openRun("SwitchInForeachFlow", r);
    const data = await run.data();
    assert.deepEqual(data["results"], [101, 20, 103, 40]);
    assert.deepEqual(data["branches"], ["odd@0", "even@1", "odd@2", "even@3"]);
    await assertTaskCounts(run, { body: 4, evenStep: 2, oddStep: 2, collect: 4, join: 1 });
    const even = await tasksOf(run, "evenStep");
    assert.deepEqual(even.map((t) => t.index).sort(), [1, 3], "even numbers sit at indexes 1 and 3");
    const collect = byIndex(await tasksOf(run, "collect"));
    assert.deepEqual(await Promise.all(collect.map((t) => t.artifact("result"))), [101, 20, 103, 40]);
  });

  test("foreach-in-switch: the chosen case fans out", async () => {
    const r = await runs.foreachInSwitch;
    assertSucceeded(r);
    const run = await openRun("ForeachInSwitchFlow", r);
    const data = await run.data();
    assert.deepEqual(data["squares"], [1, 4, 9]);
    assert.equal(data["outcome"], "fanned out: 3");
    await assertTaskCounts(run, { fanOut: 1, body: 3, join: 1, skip: 0, after: 1 });
  });

  test("branch-in-switch: the chosen case splits and joins", async () => {
    const r = await runs.branchInSwitch;
    assertSucceeded(r);
    const run = await openRun("BranchInSwitchFlow", r);
    const data = await run.data();
    assert.equal(data["outcome"], "after(p-done+q-done)");
    await assertTaskCounts(run, { splitStep: 1, p: 1, q: 1, pqJoin: 1, directStep: 0, after: 1 });
  });

  test("recursive-switch: loop runs until its condition says done", async () => {
    const r = await runs.recursive;
    assertSucceeded(r);
    const run = await openRun("RecursiveSwitchFlow", r);
    const data = await run.data();
    assert.equal(data["count"], 5);
    assert.deepEqual(data["seen"], [1, 2, 3, 4, 5]);
    assert.equal(data["summary"], "looped 5 times");
    assert.equal(data["state"], "done");
    const loops = await tasksOf(run, "loop");
    assert.equal(loops.length, 5, "one task per iteration");
    const counts = (await Promise.all(loops.map((t) => t.artifact("count")))) as number[];
    assert.deepEqual([...counts].sort((a, b) => a - b), [1, 2, 3, 4, 5]);
    assert.equal((await onlyTaskData(run, "after"))["count"], 5);
  });

  test("recursive-switch-in-foreach: each foreach task loops its own number of times", async () => {
    const r = await runs.recursiveInForeach;
    assertSucceeded(r);
    const run = await openRun("RecursiveSwitchInForeachFlow", r);
    const data = await run.data();
    assert.deepEqual(data["stepsPerItem"], [1, 3, 2]);
    assert.deepEqual(data["reports"], ["target 1 in 1", "target 3 in 3", "target 2 in 2"]);
    await assertTaskCounts(run, { refine: 3, loop: 1 + 3 + 2, finish: 3, join: 1 });
    const finish = byIndex(await tasksOf(run, "finish"));
    assert.deepEqual(finish.map((t) => t.index), [0, 1, 2]);
  });
});
