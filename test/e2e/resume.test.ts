/**
 * Behaviour: `resume`. A new run that reuses, by reference, every successful task of the
 * origin run whose inputs were reused, and runs the rest with the *current* code: after a
 * code fix in a foreach step (successful siblings reused one by one), from a chosen step,
 * from an explicit origin, through a branch, a nested foreach and a recursive switch, and
 * of a run that succeeded. Parameters come from the origin and cannot be changed. Ctrl-C
 * stops a run and everything its tasks started, and leaves it resumable.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { copyFile, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describeResult, flowPath, limiter, makeTmpDir, RUN_CONCURRENCY, runFlow, type FlowRunResult } from "../utils/cli.js";
import { assertFailed, assertSucceeded, byIndex, openRun, tasksOf, useDatastore, type ClientRun } from "../utils/client.js";
import { descendantsOf, killAll, startFlow, waitUntilGone } from "../utils/processes.js";

const flow = (name: string): string => flowPath(join("failures", name));
const limit = limiter(RUN_CONCURRENCY);

/** `resume` through runFlow's harness: same cwd and datastore as `origin`. */
function resume(file: string, origin: FlowRunResult, args: readonly string[] = [], env?: Record<string, string | undefined>): Promise<FlowRunResult> {
  return runFlow(file, args, { command: "resume", cwd: origin.cwd, datastoreRoot: origin.datastoreRoot, ...(env ? { env } : {}) });
}

/** Reused tasks as printed: new `step/task` -> origin pathspec `Flow/run/step/task`. */
function reusedLines(r: FlowRunResult): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of r.stdout.matchAll(/^\[(\d+)\/(\w+)\/(\d+)\] Reusing the results of (\S+)\.$/gm)) {
    assert.equal(m[1], r.runId, "reuse lines name the new run");
    out.set(`${m[2]}/${m[3]}`, m[4] as string);
  }
  return out;
}

/** Tasks that ran (were started) in a run, as `step/task`. */
function startedTasks(r: FlowRunResult): Set<string> {
  return new Set([...r.stdout.matchAll(/^\[\d+\/(\w+)\/(\d+) \(pid \d+\)\] Task is starting/gm)].map((m) => `${m[1]}/${m[2]}`));
}

/** A task's record file (`0.done.json`, `0.attempt.json`...) parsed. */
async function record(r: FlowRunResult, flowName: string, stepTask: string, file: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(r.datastoreRoot, flowName, r.runId as string, ...stepTask.split("/"), file), "utf8"));
}

/** Pathspecs (`Flow/run/step/task`) of every successful task of a run. */
async function successfulTasks(run: ClientRun): Promise<Set<string>> {
  const out = new Set<string>();
  for (const s of await run.steps()) for (const t of await s.tasks()) if (t.successful) out.add(t.pathspec);
  return out;
}

/** Checks that every reused task records its origin (done and attempt records) and shares its artifact index. */
async function assertReuseRecords(flowName: string, r: FlowRunResult, reused: Map<string, string>): Promise<void> {
  for (const [stepTask, origin] of reused) {
    const done = await record(r, flowName, stepTask, "0.done.json");
    assert.equal(done["status"], "ok");
    assert.equal(done["origin"], origin, `done record of ${stepTask} names its origin`);
    assert.equal((await record(r, flowName, stepTask, "0.attempt.json"))["origin"], origin, `attempt record of ${stepTask} names its origin`);
    const [, originRun, originStep, originTask] = origin.split("/") as [string, string, string, string];
    const originDir = join(r.datastoreRoot, flowName, originRun, originStep, originTask);
    // The latest done record of the origin that succeeded holds its artifact index.
    const originDone = (await readdir(originDir)).filter((f) => f.endsWith(".done.json")).sort().at(-1);
    assert.ok(originDone, `origin ${origin} is done`);
    const originIndex = (JSON.parse(await readFile(join(originDir, originDone), "utf8")) as { index?: unknown }).index;
    assert.ok(originIndex, `origin ${origin} has an artifact index`);
    assert.deepEqual(done["index"], originIndex, `${stepTask} reuses the artifacts of ${origin} by reference (same hashes)`);
  }
}

describe("behaviour: resume after a code fix in a foreach step", () => {
  // One scratch copy of the flow, edited between run and resume like a user fixing a bug.
  const scenario = (async () => {
    const cwd = await makeTmpDir("mfts-resume-");
    const file = join(cwd, "resume-foreach.ts");
    await copyFile(flow("resume-foreach.ts"), file);
    const first = await runFlow(file, ["--scale", "10"], { cwd });
    return { cwd, file, first };
  })();

  test("the first run fails on the broken item only", async () => {
    const { first } = await scenario;
    assertFailed(first, "cannot handle item 3", /ResumeForeachFlow\/\d+\/body\/\d+/);
    const run = await openRun("ResumeForeachFlow", first);
    const bodies = byIndex(await tasksOf(run, "body"));
    assert.equal(bodies.filter((t) => !t.successful).length, 1, "one body task failed");
  });

  const fixed = (async () => {
    const { file, first } = await scenario;
    // Corrupt a blob that only a reused task holds and nothing downstream reads: resume must
    // not read (or copy) artifacts of the tasks it reuses.
    const run = await openRun("ResumeForeachFlow", first);
    const body0 = byIndex(await tasksOf(run, "body")).find((t) => t.index === 0 && t.successful);
    assert.ok(body0, "body[0] succeeded in the first run");
    const scratch = body0.artifacts().find((a) => a.name === "scratch");
    assert.ok(scratch);
    const blob = join(first.datastoreRoot, "ResumeForeachFlow", "data", scratch.sha.slice(0, 2), scratch.sha);
    await writeFile(blob, "garbage");
    // The fix.
    const source = await readFile(file, "utf8");
    const edited = source.replace("const BROKEN_ITEM: number = 3;", "const BROKEN_ITEM: number = -1;").replace('const CODE_VERSION: string = "v1";', 'const CODE_VERSION: string = "v2";');
    assert.notEqual(edited, source);
    await writeFile(file, edited);
    return { blob, second: await resume(file, first) };
  })();

  test("resume reuses the successful siblings one by one and runs the failed item and what follows with the current code", async () => {
    const { first } = await scenario;
    const { second, blob } = await fixed;
    assertSucceeded(second);
    assert.match(second.stdout, new RegExp(`^Workflow starting \\(run-id ${second.runId}\\): ResumeForeachFlow, resuming run ${first.runId}$`, "m"));
    const firstRun = await openRun("ResumeForeachFlow", first);
    const okBodies = byIndex(await tasksOf(firstRun, "body")).filter((t) => t.successful);
    const okIndexes = okBodies.map((t) => t.index);
    assert.ok(okBodies.length >= 2, `several siblings succeeded in the first run: ${okIndexes.join(", ")}`);
    const reused = reusedLines(second);
    assert.deepEqual(new Set(reused.values()), await successfulTasks(firstRun), "exactly the successful tasks of the first run are reused");
    assert.deepEqual(
      [...reused.keys()].map((k) => k.split("/")[0]).sort(),
      ["start", ...okBodies.map(() => "body")].sort(),
      `start and each successful body are reused: ${[...reused.keys()].join(", ")}`,
    );
    const ran = [...startedTasks(second)].map((k) => k.split("/")[0]).sort();
    assert.deepEqual(ran, [...Array.from({ length: 5 - okBodies.length }, () => "body"), "end", "join"], "only the bodies that did not succeed, the join and end ran");

    useDatastore(second);
    const run = await openRun("ResumeForeachFlow", second);
    assert.equal(run.successful, true);
    const data = await run.data();
    assert.equal(data["total"], 550, "parameters come from the origin (--scale 10)");
    assert.deepEqual(data["squares"], [10, 40, 90, 160, 250]);
    const wasReused = (i: number): boolean => okIndexes.includes(i);
    assert.deepEqual(
      data["bodyRuns"],
      [0, 1, 2, 3, 4].map((i) => (wasReused(i) ? first.runId : second.runId)),
      "reused bodies keep the origin's artifacts; the others ran in the new run",
    );
    assert.equal(wasReused(2), false, "the broken item was not reused");
    assert.deepEqual(data["bodyVersions"], [0, 1, 2, 3, 4].map((i) => (wasReused(i) ? "v1" : "v2")), "the re-run bodies used the fixed code");

    const record = JSON.parse(await readFile(join(second.datastoreRoot, "ResumeForeachFlow", second.runId as string, "_run.json"), "utf8"));
    assert.equal(record.originRunId, first.runId, "the run record names its origin");
    await assertReuseRecords("ResumeForeachFlow", second, reused);
    const body0 = byIndex(await tasksOf(run, "body"))[0]!;
    await assert.rejects(body0.artifact("scratch"), (e: Error) => {
      assert.match(`${(e as { code?: string }).code} ${e.message}`, /DATA_CORRUPTION/);
      assert.ok(e.message.includes(blob), `the error names the file: ${e.message}`);
      return true;
    });
  });

  const fromJoin = (async () => {
    const { file } = await scenario;
    const { second } = await fixed;
    return resume(file, second, ["join"]);
  })();

  test("resume STEP runs STEP and everything after it again, even though it succeeded", async () => {
    const { second } = await fixed;
    const r = await fromJoin;
    assertSucceeded(r);
    assert.match(r.stdout, new RegExp(`resuming run ${second.runId}$`, "m"), "default origin: the latest run");
    const reused = reusedLines(r);
    assert.deepEqual([...reused.keys()].map((k) => k.split("/")[0]).sort(), ["body", "body", "body", "body", "body", "start"]);
    for (const origin of reused.values()) assert.ok(origin.startsWith(`ResumeForeachFlow/${second.runId}/`), origin);
    assert.deepEqual([...startedTasks(r)].map((k) => k.split("/")[0]).sort(), ["end", "join"]);
    const data = await (await openRun("ResumeForeachFlow", r)).data();
    assert.equal(data["total"], 550);
  });

  const fromFirst = (async () => {
    const { file, first } = await scenario;
    await fromJoin;
    return resume(file, first, ["--origin-run-id", first.runId as string]);
  })();

  test("--origin-run-id resumes an older run than the latest", async () => {
    const { first } = await scenario;
    const r = await fromFirst;
    assertSucceeded(r);
    assert.match(r.stdout, new RegExp(`resuming run ${first.runId}$`, "m"));
    const reused = reusedLines(r);
    assert.deepEqual(new Set(reused.values()), await successfulTasks(await openRun("ResumeForeachFlow", first)));
    const data = await (await openRun("ResumeForeachFlow", r)).data();
    assert.equal(data["total"], 550);
    assert.equal(JSON.parse(await readFile(join(r.datastoreRoot, "ResumeForeachFlow", r.runId as string, "_run.json"), "utf8")).originRunId, first.runId);
  });

  const everything = (async () => {
    const { file } = await scenario;
    const { second } = await fixed;
    await fromFirst;
    return resume(file, second, ["--origin-run-id", second.runId as string]);
  })();

  test("resuming a successful run reuses every task, end included", async () => {
    const { second } = await fixed;
    const r = await everything;
    assertSucceeded(r);
    assert.equal(startedTasks(r).size, 0, `no task ran\n${describeResult(r)}`);
    assert.deepEqual([...reusedLines(r).keys()].map((k) => k.split("/")[0]).sort(), ["body", "body", "body", "body", "body", "end", "join", "start"]);
    const [a, b] = await Promise.all([openRun("ResumeForeachFlow", second).then((x) => x.data()), openRun("ResumeForeachFlow", r).then((x) => x.data())]);
    assert.deepEqual(b, a);
  });

  const refused = (async () => {
    const { file, first } = await scenario;
    await everything;
    return resume(file, first, ["--scale", "2"]);
  })();

  test("changing a parameter on resume is refused with a clear message", async () => {
    const r = await refused;
    assert.equal(r.code, 2, describeResult(r));
    assert.match(r.output, /--scale/);
    assert.match(r.output, /parameters/);
    assert.match(r.output, /metaflow-ts run/);
    assert.doesNotMatch(r.output, /Workflow starting/);
  });
});

describe("behaviour: resume usage errors", () => {
  const file = flow("plain.ts");
  const noRuns = limit(() => runFlow(file, [], { command: "resume" }));
  const missing = limit(() => runFlow(file, ["--origin-run-id", "123"], { command: "resume" }));
  const noStep = limit(async () => resume(file, await runFlow(file, ["--failUntil", "0"]), ["nosuch"]));

  test("a flow with no run to resume: a clear error", async () => {
    const r = await noRuns;
    assert.equal(r.code, 1, describeResult(r));
    assert.match(r.output, /PlainFlow has no run to resume/);
  });

  test("--origin-run-id of a run that does not exist: a clear error", async () => {
    const r = await missing;
    assert.equal(r.code, 1, describeResult(r));
    assert.match(r.output, /Run PlainFlow\/123 does not exist/);
  });

  test("resume from a step the flow does not have: a usage error listing the steps", async () => {
    const r = await noStep;
    assert.equal(r.code, 2, describeResult(r));
    assert.match(r.output, /'nosuch'/);
    assert.match(r.output, /start, work, end/);
  });
});

describe("behaviour: resume through a branch, a nested foreach and a recursive switch", () => {
  const file = flow("resume-shapes.ts");
  const reference = limit(() => runFlow(file));
  const scenarios = Object.fromEntries(
    (["right", "inner:1:0", "loop:2"] as const).map((failAt) => [
      failAt,
      limit(async () => {
        const origin = await runFlow(file, [], { env: { RESUME_FAIL: failAt } });
        return { origin, resumed: await resume(file, origin, [], { RESUME_FAIL: undefined }) };
      }),
    ]),
  ) as Record<"right" | "inner:1:0" | "loop:2", Promise<{ origin: FlowRunResult; resumed: FlowRunResult }>>;

  const expectations: Record<string, { failedStep: RegExp; mustReuse: string[]; mustRun: string[] }> = {
    right: { failedStep: /\/right\/\d+/, mustReuse: ["start"], mustRun: ["right", "joinLR", "fan", "outer", "inner", "innerJoin", "outerJoin", "loop", "end"] },
    "inner:1:0": { failedStep: /\/inner\/\d+/, mustReuse: ["start", "left", "right", "joinLR", "fan", "outer"], mustRun: ["inner", "innerJoin", "outerJoin", "loop", "end"] },
    "loop:2": { failedStep: /\/loop\/\d+/, mustReuse: ["start", "left", "right", "joinLR", "fan", "outer", "inner", "innerJoin", "outerJoin", "loop"], mustRun: ["loop", "end"] },
  };

  for (const failAt of ["right", "inner:1:0", "loop:2"] as const) {
    test(`failure at ${failAt}: every successful task is reused, the rest runs, the result equals a clean run's`, async () => {
      const { origin, resumed } = await scenarios[failAt];
      const want = expectations[failAt]!;
      assertFailed(origin, want.failedStep);
      assertSucceeded(resumed);
      const originRun = await openRun("ResumeShapesFlow", origin);
      const originOk = await successfulTasks(originRun);
      const reused = reusedLines(resumed);
      assert.deepEqual(new Set(reused.values()), originOk, "exactly the successful tasks of the origin are reused");
      const reusedSteps = new Set([...reused.keys()].map((k) => k.split("/")[0]));
      for (const s of want.mustReuse) assert.ok(reusedSteps.has(s), `${s} reused; reused: ${[...reused.keys()].join(", ")}`);
      const ranSteps = new Set([...startedTasks(resumed)].map((k) => k.split("/")[0]));
      for (const s of want.mustRun) assert.ok(ranSteps.has(s), `${s} ran again`);
      for (const k of reused.keys()) assert.ok(!startedTasks(resumed).has(k), `${k} was reused, not run`);
      await assertReuseRecords("ResumeShapesFlow", resumed, reused);

      const run = await openRun("ResumeShapesFlow", resumed);
      for (const s of await run.steps()) {
        for (const t of await s.tasks()) {
          const stepName = t.pathspec.split("/")[2] as string;
          if (stepName === "end") continue; // end inherits the last loop's ranIn
          const wasReused = reused.has(`${stepName}/${t.id}`);
          assert.equal(t.origin, reused.get(`${stepName}/${t.id}`), `the client tells ${t.pathspec}'s origin`);
          const ranIn = await t.artifact("ranIn");
          assert.equal(ranIn, wasReused ? origin.runId : resumed.runId, `${t.pathspec}: ${wasReused ? "reused" : "ran"}`);
        }
      }
      const { ranIn: _b, ...got } = await run.data();
      const clean = await reference;
      assertSucceeded(clean);
      const { ranIn: _a, ...want1 } = await (await openRun("ResumeShapesFlow", clean)).data();
      assert.deepEqual(got, want1, "same end artifacts as an uninterrupted run");
      assert.deepEqual(got["trail"], ["1:4", "2:4", "3:4"]);
    });
  }
});

describe("behaviour: Ctrl-C", () => {
  for (const [name, env] of [
    ["default isolation", {}],
    ["METAFLOW_TS_ISOLATION=process", { METAFLOW_TS_ISOLATION: "process" }],
  ] as const) {
    test(`SIGINT stops the tasks and what they started, fails the run with the reason, and the run can be resumed (${name})`, async () => {
      const dir = await makeTmpDir("mfts-sigint-");
      const started = await startFlow(flow("interruptible.ts"), [], { env: { ...env, INTERRUPT_DIR: dir } });
      let children: number[] = [];
      try {
        await started.waitFor(/hanging 0[\s\S]*hanging 1|hanging 1[\s\S]*hanging 0/);
        children = descendantsOf(started.pid);
        const sleeps = await Promise.all([0, 1].map(async (i) => Number(await readFile(join(dir, `${i}.pid`), "utf8"))));
        for (const p of sleeps) assert.ok(children.includes(p), `sleep ${p} is a descendant of the scheduler`);
        const t0 = Date.now();
        started.child.kill("SIGINT");
        const r = await started.finished;
        const elapsed = Date.now() - t0;
        assertFailed(r, "interrupted");
        assert.ok(elapsed < 8000, `stopped within seconds (${elapsed} ms; tasks get SIGKILL 3 s after SIGTERM)`);
        assert.deepEqual(await waitUntilGone(children, 1000), [], "no task process and no process a task started is left");
        const run = await openRun("InterruptibleFlow", r);
        assert.equal(run.successful, false);
        assert.match(run.failure?.reason ?? "", /interrupted \(SIGINT\)/);

        const again = await resume(flow("interruptible.ts"), r, [], { ...env, INTERRUPT_DIR: undefined });
        assertSucceeded(again);
        assert.ok(reusedLines(again).has("start/1"), "start is reused");
        const data = await (await openRun("InterruptibleFlow", again)).data();
        assert.deepEqual(data["results"], [2, 4]);
        const [start] = await tasksOf(await openRun("InterruptibleFlow", again), "start");
        assert.equal(await start!.artifact("startRanIn"), r.runId, "start's results come from the interrupted run");
      } finally {
        started.child.kill("SIGKILL");
        killAll(children);
      }
    });
  }
});
