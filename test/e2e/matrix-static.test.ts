/**
 * Graph-shape matrix, part 1: linear, static branches and foreach (incl. nested and a
 * single-item foreach). Each flow runs once in a fresh cwd; its artifacts are checked
 * through the client.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { flowPath, limiter, RUN_CONCURRENCY, runFlow } from "../utils/cli.js";
import { assertMentions, assertSucceeded, assertFailed, byIndex, onlyTaskData, openRun, tasksOf } from "../utils/client.js";

const limit = limiter(RUN_CONCURRENCY);
const runs = {
  linear: limit(() => runFlow(flowPath("linear.ts"))),
  branch: limit(() => runFlow(flowPath("branch.ts"))),
  nestedBranches: limit(() => runFlow(flowPath("nested-branches.ts"))),
  foreach: limit(() => runFlow(flowPath("foreach.ts"))),
  smallForeach: limit(() => runFlow(flowPath("small-foreach.ts"))),
  nestedForeach: limit(() => runFlow(flowPath("nested-foreach.ts"))),
  tooManySplits: limit(() => runFlow(flowPath("foreach.ts"), ["--max-num-splits", "2"])),
};

describe("graph matrix: linear, branch, foreach", () => {
  test("linear: artifacts flow step to step; console lines carry the task prefix", async () => {
    const r = await runs.linear;
    assertSucceeded(r);
    const run = await openRun("LinearFlow", r);
    assert.equal(run.id, r.runId);
    assert.equal(run.successful, true);
    assert.equal(run.finished, true);
    const data = await run.data();
    assert.equal(data["a"], 1);
    assert.equal(data["b"], 2);
    assert.equal(data["c"], 4);
    assert.deepEqual(data["trail"], ["start", "middle", "end"]);
    const middle = await onlyTaskData(run, "middle");
    assert.equal(middle["b"], 2);
    assert.equal(middle["c"], undefined, "an artifact set later must not appear in an earlier task");
    // User output is streamed with the `[run/step/task (pid N)]` prefix.
    assertMentions(r, new RegExp(`\\[${r.runId}/end/[^\\s\\]]+ \\(pid \\d+\\)\\][^\\n]*linear c=4`));
    const [endTask] = await tasksOf(run, "end");
    assert.match(await endTask!.stdout(), /linear c=4/);
  });

  test("branch: both arms run; join reads inputs by name, position and length", async () => {
    const r = await runs.branch;
    assertSucceeded(r);
    const run = await openRun("BranchFlow", r);
    const data = await run.data();
    assert.equal(data["sum"], 11 + 12);
    assert.deepEqual(data["sides"], ["left", "right"]);
    assert.equal(data["count"], 2);
    assert.equal(data["base"], 10, "base is equal in both inputs: merged");
    assert.equal(data["side"], undefined, "side is excluded from the merge");
    assert.equal(data["done"], true);
    assert.equal((await onlyTaskData(run, "left"))["leftValue"], 11);
    assert.equal((await onlyTaskData(run, "right"))["rightValue"], 12);
  });

  test("nested branches: inner join then outer join", async () => {
    const r = await runs.nestedBranches;
    assertSucceeded(r);
    const run = await openRun("NestedBranchesFlow", r);
    const data = await run.data();
    assert.equal(data["aTotal"], 101 + 102);
    assert.equal(data["total"], 101 + 102 + 200);
    assert.equal(data["seed"], 100);
    assert.deepEqual(data["visited"], ["a", "a1", "a2", "b", "start"]);
    assert.equal(data["finished"], "total=403");
    for (const s of ["start", "a", "a1", "a2", "joinA", "b", "join", "end"]) {
      assert.equal((await tasksOf(run, s)).length, 1, `step ${s} runs once`);
    }
  });

  test("foreach: one task per item, indexes 0..n-1, join inputs in index order", async () => {
    const r = await runs.foreach;
    assertSucceeded(r);
    const run = await openRun("ForeachFlow", r);
    const data = await run.data();
    assert.deepEqual(data["values"], ["x:0", "y:1", "z:2", "w:3"]);
    assert.deepEqual(data["positions"], [0, 1, 2, 3]);
    assert.equal(data["joined"], 4);
    assert.deepEqual(data["items"], ["x", "y", "z", "w"]);
    assert.equal(data["finished"], true);
    const tasks = await tasksOf(run, "body");
    assert.equal(tasks.length, 4);
    assert.deepEqual(tasks.map((t) => t.index), [0, 1, 2, 3], "tasks are ordered by foreach index");
    for (const t of tasks) {
      assert.equal(await t.artifact("item"), ["x", "y", "z", "w"][t.index!]);
      assert.equal(await t.artifact("position"), t.index);
      assert.match(await t.stdout(), new RegExp(`body ${["x", "y", "z", "w"][t.index!]}:${t.index}`));
    }
  });

  test("foreach bigger than --max-num-splits fails and names the flag", async () => {
    const r = await runs.tooManySplits;
    assertFailed(r, "--max-num-splits");
    const run = await openRun("ForeachFlow", r);
    assert.equal(run.successful, false);
    assert.equal((await tasksOf(run, "body")).length, 0, "no body task starts");
  });

  test("small foreach: a single item", async () => {
    const r = await runs.smallForeach;
    assertSucceeded(r);
    const run = await openRun("SmallForeachFlow", r);
    const data = await run.data();
    assert.deepEqual(data["results"], [42]);
    assert.equal(data["count"], 1);
    const tasks = await tasksOf(run, "body");
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0]!.index, 0);
  });

  test("nested foreach: 2 x 3 inner tasks with full foreach stacks", async () => {
    const r = await runs.nestedForeach;
    assertSucceeded(r);
    const run = await openRun("NestedForeachFlow", r);
    const data = await run.data();
    assert.deepEqual(data["all"], ["a1", "a2", "a3", "b1", "b2", "b3"]);
    assert.equal(data["groups"], 2);
    const outer = byIndex(await tasksOf(run, "outer"));
    assert.deepEqual(outer.map((t) => t.index), [0, 1]);
    const inner = await tasksOf(run, "inner");
    assert.equal(inner.length, 6);
    const seen: string[] = [];
    for (const t of inner) {
      const label = (await t.artifact("label")) as string;
      seen.push(label);
      const outerIndex = label.startsWith("a") ? 0 : 1;
      const innerIndex = Number(label.slice(1)) - 1;
      assert.equal(t.index, innerIndex, `task ${label}: index is the innermost foreach index`);
      assert.deepEqual(await t.artifact("frames"), [
        { index: outerIndex, count: 2, value: label[0] },
        { index: innerIndex, count: 3, value: innerIndex + 1 },
      ]);
    }
    assert.deepEqual(seen.sort(), ["a1", "a2", "a3", "b1", "b2", "b3"]);
    const innerJoins = await tasksOf(run, "innerJoin");
    assert.equal(innerJoins.length, 2);
    const labelsByLetter = new Map<unknown, unknown>();
    for (const t of innerJoins) labelsByLetter.set(await t.artifact("letter"), await t.artifact("labels"));
    assert.deepEqual(labelsByLetter.get("a"), ["a1", "a2", "a3"]);
    assert.deepEqual(labelsByLetter.get("b"), ["b1", "b2", "b3"]);
  });
});
