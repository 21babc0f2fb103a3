/**
 * DESIGN.md §1: "User-defined step and flow decorators (wrap a step; mutate a flow) are a public
 * extension point." A step decorator made with `createStepDecorator(name, { wrapTask })` from
 * `metaflow-ts/plugin` in the flow file wraps its steps in a real run, and `--with NAME` puts it on
 * every step like a built-in.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { describeResult, flowPath, runCli, runFlow } from "../utils/cli.js";
import { assertSucceeded, onlyTaskData, openRun } from "../utils/client.js";

const FLOW = flowPath("contract/user-decorator.ts");

describe("contract: a user-defined step decorator with behaviour", () => {
  const plain = runFlow(FLOW);
  const withAll = runFlow(FLOW, ["--with", "timed:label=cli"]);

  test("@timed({ label }) wraps its step: artifacts set after next(), lines logged around it", async () => {
    const r = await plain;
    assertSucceeded(r);
    assert.match(r.stderr + r.stdout, /timed: before start/, describeResult(r));
    assert.match(r.stderr + r.stdout, /timed: after start/, describeResult(r));
    const run = await openRun("UserDecoratorFlow", r);
    const start = await onlyTaskData(run, "start");
    assert.equal(start["ran"], true);
    assert.equal(start["timedLabel"], "first");
    assert.equal(start["timedStep"], "start");
    const end = await onlyTaskData(run, "end");
    assert.equal(end["timedStep"], "start", "the end step is not wrapped: it only inherits start's artifact");
  });

  test("--with timed:label=cli adds it to every step that lacks it", async () => {
    const r = await withAll;
    assertSucceeded(r);
    const run = await openRun("UserDecoratorFlow", r);
    assert.equal((await onlyTaskData(run, "start"))["timedLabel"], "first", "a step's own decorator wins");
    const end = await onlyTaskData(run, "end");
    assert.equal(end["timedLabel"], "cli");
    assert.equal(end["timedStep"], "end");
  });
});

describe("contract: a user-defined flow decorator that mutates the flow", () => {
  const mutated = runFlow(flowPath("contract/flow-mutator.ts"));

  test("@retryAll adds @retry to every step (a step's own @retry wins) and a step decorator to end", async () => {
    const r = await mutated;
    assertSucceeded(r);
    const run = await openRun("FlowMutatorFlow", r);
    assert.equal((await onlyTaskData(run, "flaky"))["attempts"], 2, "flaky failed once and was retried");
    assert.equal((await onlyTaskData(run, "end"))["taggedBy"], "tagStep@end");
    const show = await runCli(["show", flowPath("contract/flow-mutator.ts")]);
    assert.equal(show.code, 0, describeResult(show));
  });
});
