/**
 * The Runner, in this process, through real runs: run (success, failure as a result, errors
 * before the start), start with live events and cancel, resume, configs, and sweeps.
 */
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { Runner, MetaflowError, type RunEvent } from "metaflow-ts";
import { flowPath, makeTmpDir } from "../utils/cli.js";

let cwd: string;
const opts = () => ({ cwd, datastoreRoot: join(cwd, ".metaflow"), maxWorkers: 2 });

before(async () => {
  cwd = await makeTmpDir("mfts-runner-");
});

describe("Runner.run and resume", () => {
  test("run resolves to the status, the Run and the output", async () => {
    const r = await new Runner(flowPath("parameters.ts"), opts()).run({ who: "Ada", count: 2 });
    assert.equal(r.status, "succeeded");
    assert.equal(r.run.id, r.runId);
    assert.ok(r.run.successful);
    assert.match(r.stdout, /hello world and Ada \/ hello world and Ada/);
    assert.equal((await r.run.data())["seenInEnd"] instanceof Object, true);
    assert.equal((await r.run.parameters())["who"], "Ada");
  });

  test("a flow's failure is a result, not an exception", async () => {
    const r = await new Runner(flowPath("failure.ts"), opts()).run();
    assert.equal(r.status, "failed");
    assert.match(r.failedTask ?? "", /boom/);
    assert.match(r.reason ?? "", /kaboom/);
    assert.equal(r.run.successful, false);
  });

  test("a problem found before the run starts rejects with a typed error", async () => {
    await assert.rejects(new Runner(flowPath("parameters.ts"), opts()).run({ count: 1 }), (e: unknown) => e instanceof MetaflowError && e.code === "PARAMETER_ERROR");
    await assert.rejects(new Runner(flowPath("parameters.ts"), opts()).run({ who: "x", count: "many" }), (e: unknown) => e instanceof MetaflowError && e.code === "PARAMETER_ERROR");
  });

  test("resume reuses the origin's successful tasks", async () => {
    const first = await new Runner(flowPath("foreach.ts"), opts()).run();
    const again = await new Runner(flowPath("foreach.ts"), opts()).resume({ originRunId: first.runId, step: "join" });
    assert.equal(again.status, "succeeded");
    assert.equal(again.run.originRunId, first.runId);
    const body = await (await again.run.step("body")).tasks();
    assert.ok(body.every((t) => t.origin?.startsWith(`ForeachFlow/${first.runId}/body/`)));
  });

  test("configs: a file path or a value by config name", async () => {
    const r = await new Runner(flowPath("client/configured.ts"), { ...opts(), configs: { settings: { rate: 5 } } }).run({ alpha: 3 });
    assert.equal(r.status, "succeeded");
    assert.equal((await r.run.data())["product"], 15);
    assert.deepEqual(await r.run.configs(), { settings: { rate: 5 } });
  });
});

describe("Runner.start", () => {
  test("live events as an async iterable and as callbacks, then wait()", async () => {
    const seen: string[] = [];
    const running = new Runner(flowPath("foreach.ts"), opts()).start();
    const off = running.on((e) => seen.push(e.type));
    const events: RunEvent[] = [];
    for await (const e of running.events) events.push(e);
    off();
    const result = await running.wait();
    assert.equal(result.status, "succeeded");
    assert.equal(running.status, "succeeded");
    assert.equal(await running.runId(), result.runId);
    assert.equal(events[0]?.type, "run:start");
    assert.equal(events.at(-1)?.type, "run:end");
    const started = events.filter((e) => e.type === "task:start").map((e) => (e.type === "task:start" ? e.task.step : ""));
    assert.deepEqual(started.filter((s) => s === "body").length, 4);
    assert.equal(events.filter((e) => e.type === "task:end" && e.status === "ok").length, 7);
    assert.ok(seen.includes("task:end"));
    // Iterating after the end replays everything.
    let replayed = 0;
    for await (const _ of running.events) replayed++;
    assert.equal(replayed, events.length);
  });

  test("cancel() stops the run's tasks; the run fails as interrupted", async () => {
    const running = new Runner(flowPath("client/slow.ts"), { ...opts(), env: { ...process.env, SLOW_MS: "60000" } }).start();
    for await (const e of running.events) if (e.type === "task:log" && e.line.includes("waiting")) break;
    const t0 = Date.now();
    const result = await running.cancel();
    assert.ok(Date.now() - t0 < 15_000, "cancelled within seconds");
    assert.equal(result.status, "failed");
    assert.match(result.reason ?? "", /interrupted/);
    assert.equal(result.run.ended, true);
  });
});

describe("Runner.sweep", () => {
  test("runs the grid with bounded concurrency and returns each variant with its run", async () => {
    let active = 0;
    let peak = 0;
    const runner = new Runner(flowPath("client/configured.ts"), {
      ...opts(),
      onEvent: (e) => {
        if (e.type === "run:start") peak = Math.max(peak, ++active);
        if (e.type === "run:end") active--;
      },
    });
    const results = await runner.sweep({ parameters: { alpha: [1, 2, 3] }, configs: { settings: [{ rate: 10 }, { rate: 100 }] }, concurrency: 2 });
    assert.equal(results.length, 6);
    assert.ok(peak <= 2, `at most 2 runs at once (saw ${peak})`);
    for (const { variant, result, error } of results) {
      assert.equal(error, undefined);
      assert.equal(result?.status, "succeeded");
      const rate = (variant.configs["settings"] as { rate: number }).rate;
      assert.equal((await result!.run.data())["product"], (variant.parameters["alpha"] as number) * rate);
    }
    assert.deepEqual(results.map((r) => r.variant.parameters["alpha"]), [1, 1, 2, 2, 3, 3]);
  });

  test("a variant that cannot start is reported, the others run", async () => {
    const results = await new Runner(flowPath("client/configured.ts"), opts()).sweep({ parameters: { alpha: [2, "not a number"] }, concurrency: 2 });
    assert.equal(results[0]?.result?.status, "succeeded");
    assert.equal(results[1]?.error?.code, "PARAMETER_ERROR");
  });
});
