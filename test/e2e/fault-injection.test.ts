/**
 * Behaviour: nothing is lost, whatever fails. The scheduler of a 30-task flow (a branch, two
 * foreach) is killed with SIGKILL at random moments (seeded, so a failure can be replayed);
 * what it leaves must be consistent (every record parses, every blob matches its hash), and
 * `resume` must complete the run with the same final artifacts as an uninterrupted run.
 * Also: two runs started at the same time in the same directory, and a corrupted blob.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describeResult, flowPath, limiter, makeTmpDir, RUN_CONCURRENCY, runFlow, type FlowRunResult } from "../utils/cli.js";
import { assertFailed, assertSucceeded, openRun, tasksOf } from "../utils/client.js";
import { seededRandom, startFlow } from "../utils/processes.js";

const flow = (name: string): string => flowPath(join("failures", name));
const faultFlow = flow("fault.ts");
const limit = limiter(RUN_CONCURRENCY);
/** Seeds of the kill moments (these land after 4, 15, 22 and 27 finished tasks). */
const SEEDS = [8, 11, 2, 4];
/** Tasks of fault.ts. */
const TASKS = 30;

/** Two clean runs started at the same moment in the same directory; the first is the reference. */
const pair = limit(async () => {
  const cwd = await makeTmpDir("mfts-pair-");
  const [x, y] = await Promise.all([runFlow(faultFlow, [], { cwd }), runFlow(faultFlow, [], { cwd })]);
  return { x, y };
});

/** When to kill: after `afterTasks` tasks finished, plus `extraMs`. */
interface KillPoint {
  readonly afterTasks: number;
  readonly extraMs: number;
}

/** A kill point drawn from a seed: progress-based, so it does not depend on the machine's speed. */
function killPoint(seed: number): KillPoint {
  const random = seededRandom(seed);
  return { afterTasks: Math.floor(random() * TASKS), extraMs: Math.floor(random() * 40) };
}

interface Injection {
  readonly at: KillPoint;
  readonly killed: FlowRunResult;
  readonly killedOutput: string;
  readonly resumes: FlowRunResult[];
}

/**
 * Starts the flow, SIGKILLs the scheduler once "Workflow starting" and then `at.afterTasks`
 * "Task finished successfully" lines were printed, plus `at.extraMs`; then resumes (up to 3 times).
 */
async function inject(at: KillPoint): Promise<Injection> {
  const started = await startFlow(faultFlow, [], { timeoutMs: 60_000 });
  await started.waitFor(new RegExp(`^Workflow starting(?:[\\s\\S]*?Task finished successfully){${at.afterTasks}}`, "m"));
  if (at.extraMs > 0) await sleep(at.extraMs);
  started.child.kill("SIGKILL");
  const killed = await started.finished;
  const resumes: FlowRunResult[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await runFlow(faultFlow, [], { command: "resume", cwd: started.cwd, datastoreRoot: started.datastoreRoot });
    resumes.push(r);
    if (r.code === 0) break;
  }
  return { at, killed, killedOutput: killed.output, resumes };
}

/** Every record of a run parses, and every blob of the flow matches its hash. */
async function assertConsistent(datastoreRoot: string, runId: string): Promise<void> {
  const flowDir = join(datastoreRoot, "FaultFlow");
  const runDir = join(flowDir, runId);
  for (const entry of await readdir(runDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith(".tmp-") || !entry.name.endsWith(".json")) continue;
    const file = join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    const text = await readFile(file, "utf8");
    assert.doesNotThrow(() => JSON.parse(text), `${file} is whole JSON: ${JSON.stringify(text.slice(0, 200))}`);
  }
  const dataDir = join(flowDir, "data");
  for (const prefix of await readdir(dataDir).catch(() => [] as string[])) {
    for (const name of await readdir(join(dataDir, prefix))) {
      if (name.startsWith(".tmp-")) continue;
      const bytes = await readFile(join(dataDir, prefix, name));
      assert.equal(createHash("sha256").update(bytes).digest("hex"), name, `blob ${prefix}/${name} matches its hash`);
    }
  }
}

const injections = [
  { name: "right after the run starts (before any task ran)", at: { afterTasks: 0, extraMs: 0 } },
  ...SEEDS.map((seed) => ({ name: `at a random moment, seed ${seed}`, at: killPoint(seed) })),
].map(({ name, at }) => ({ name, result: limit(() => inject(at)) }));

describe("fault injection: SIGKILL of the scheduler, then resume", () => {
  test("reference: two runs started at the same time in the same directory both succeed, with distinct ids and equal results", async () => {
    const { x, y } = await pair;
    assertSucceeded(x);
    assertSucceeded(y);
    assert.ok(x.runId && y.runId && x.runId !== y.runId, `distinct run ids: ${x.runId} ${y.runId}`);
    const a = await (await openRun("FaultFlow", x)).data();
    const b = await (await openRun("FaultFlow", y)).data();
    assert.deepEqual(b, a);
    const run = await openRun("FaultFlow", x);
    let tasks = 0;
    for (const s of await run.steps()) tasks += (await s.tasks()).length;
    assert.ok(tasks >= 30, `the flow has at least 30 tasks (${tasks})`);
    await assertConsistent(x.datastoreRoot, x.runId as string);
  });

  for (const { name, result } of injections) {
    test(`killed ${name}: consistent leftovers, and resume gives the reference's final artifacts`, async (t) => {
      const { killed, at, resumes } = await result;
      const finished = (killed.output.match(/Task finished successfully/g) ?? []).length;
      const reused = (resumes.at(-1)?.stdout.match(/Reusing the results of/g) ?? []).length;
      t.diagnostic(`killed after ${at.afterTasks} tasks + ${at.extraMs} ms, with ${finished} tasks finished; resume reused ${reused} tasks in ${resumes.length} attempt(s)`);
      const context = `killed after ${at.afterTasks} tasks + ${at.extraMs} ms\n--- killed run ---\n${killed.output.slice(-2000)}\n--- last resume ---\n${describeResult(resumes.at(-1)!)}`;
      assert.ok(killed.code === null || killed.code === 0, `the scheduler was killed (or had finished already)\n${context}`);
      assert.ok(killed.runId, `the killed run wrote its id\n${context}`);
      await assertConsistent(killed.datastoreRoot, killed.runId);
      const killedRun = await openRun("FaultFlow", killed);
      // The kill may land after the run wrote its end record (the run was complete, the process had
      // not exited yet): then the run is the successful one; before that, it has no end record.
      if (killed.code === null && killedRun.ended) assert.equal(killedRun.successful, true, "a killed run that has an end record is complete and successful");
      if (killed.code === null && !killedRun.ended) assert.equal(killedRun.finished, false, "a killed run without an end record is not reported as finished");
      const last = resumes.at(-1)!;
      assert.equal(last.code, 0, `resume completed within 3 attempts\n${context}`);
      assertSucceeded(last);
      const { x } = await pair;
      const want = await (await openRun("FaultFlow", x)).data();
      const got = await (await openRun("FaultFlow", last)).data();
      assert.deepEqual(got, want, `same final artifacts as the reference\n${context}`);
    });
  }
});

describe("corruption", () => {
  const corrupted = limit(async () => {
    const r = await runFlow(flow("plain.ts"), ["--failUntil", "0"]);
    assertSucceeded(r);
    const [work] = await tasksOf(await openRun("PlainFlow", r), "work");
    const ref = work!.artifacts().find((a) => a.name === "note");
    assert.ok(ref);
    const file = join(r.datastoreRoot, "PlainFlow", "data", ref.sha.slice(0, 2), ref.sha);
    const original = await readFile(file);
    await writeFile(file, Buffer.concat([original, Buffer.from("!")]));
    const resumed = await runFlow(flow("plain.ts"), ["end"], { command: "resume", cwd: r.cwd, datastoreRoot: r.datastoreRoot });
    return { r, file, resumed };
  });

  test("a blob whose bytes changed is reported on read by the client, naming the artifact and the file", async () => {
    const { r, file } = await corrupted;
    const [work] = await tasksOf(await openRun("PlainFlow", r), "work");
    await assert.rejects(work!.artifact("note"), (e: Error) => {
      assert.equal((e as { code?: string }).code, "DATA_CORRUPTION");
      assert.ok(e.message.includes(file), `names the file: ${e.message}`);
      assert.match(e.message, /'note'/, "names the artifact");
      return true;
    });
  });

  test("a task that reads a corrupted artifact fails, naming the artifact and the file", async () => {
    const { resumed, file } = await corrupted;
    assertFailed(resumed, /end\/\d+/, file, "'note'");
    assert.match(resumed.output, /corrupt/i);
  });
});
