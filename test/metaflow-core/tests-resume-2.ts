/**
 * More core tests of resume (Metaflow's resume_originpath, resume_recursive_switch,
 * resume_recursive_switch_inside_foreach, run_id_file), as TypeScript: where a resumed task
 * comes from, resuming inside a loop, and the run id file written before any task runs.
 * @module
 */
import assert from "node:assert/strict";
import type { CoreTest } from "./core-test.js";
import { switchGraphs } from "./core-test.js";

const resumeFromHere = 'throw Object.assign(new Error("This is not an error. Testing resume..."), { name: "ResumeFromHere" });';
const resumed = "current.originRunId !== undefined";

/** A cloned task says which task it reuses; the resumed run says which run it resumes. */
const originPathspec: CoreTest = {
  name: "ResumeOriginPathSpec",
  priority: 4,
  skipGraphs: switchGraphs,
  resume: {},
  members: ['int_param = Parameter("int_param", { default: 123 });'],
  steps: [
    { prio: 0, quals: ["start"], code: ["this.origin_pathspec = current.pathspec;", 'this.data = "start";'] },
    { prio: 0, quals: ["singleton-end"], required: true, code: [`if (!(${resumed})) ${resumeFromHere}`] },
    { prio: 2, quals: ["all"], code: [] },
  ],
  async check(c) {
    const [start] = await c.tasks("start");
    assert.ok(start !== undefined);
    const origin = String(await start.artifact("origin_pathspec"));
    assert.equal(start.origin, origin, "the start task reuses the task that made its artifacts");
    assert.equal(origin.split("/").slice(0, 2).join("/"), `${c.flowName}/${c.originRunId}`);
    assert.equal(c.run.originRunId, c.originRunId, "the run names the run it resumes");
  },
};

/** A loop (a switch back to itself) fails at its 6th iteration; resume reuses iterations 1-5 and runs 6-10. */
const recursiveSwitch: CoreTest = {
  name: "ResumeRecursiveSwitchFlowTest",
  priority: 2,
  onlyGraphs: ["recursive_switch"],
  resume: {},
  steps: [
    { prio: 0, quals: ["start"], required: true, code: [`if (!(${resumed})) {`, "  this.count = 0;", "  this.max_iterations = 10;", "}"] },
    {
      prio: 0,
      quals: ["loop"],
      required: true,
      code: ["this.count += 1;", `if (!(${resumed}) && this.count === 6) ${resumeFromHere}`, 'this.loop_status = this.count < this.max_iterations ? "continue" : "exit";'],
    },
    { prio: 0, quals: ["exit"], required: true, code: ["assertEquals(10, this.count);"] },
    { prio: 1, quals: ["end"], required: true, code: ["assertEquals(10, this.count);"] },
  ],
  async check(c) {
    await c.assertArtifact("end", "count", 10);
    const loops = await c.tasks("loop_step");
    assert.equal(loops.length, 10);
    const [start] = await c.tasks("start");
    assert.ok(start?.origin !== undefined, "start is reused from the origin run");
    const byCount = new Map<number, (typeof loops)[number]>();
    for (const t of loops) byCount.set(Number(await t.artifact("count")), t);
    for (let i = 1; i <= 5; i++) assert.ok(byCount.get(i)?.origin !== undefined, `iteration ${i} is reused`);
    for (let i = 6; i <= 10; i++) assert.equal(byCount.get(i)?.origin, undefined, `iteration ${i} ran again`);
  },
};

/** Loops inside a foreach: one item's loop fails; resume finishes it and reuses what the others did. */
const recursiveSwitchInsideForeach: CoreTest = {
  name: "ResumeRecursiveSwitchInsideForeachFlowTest",
  priority: 2,
  onlyGraphs: ["recursive_switch_inside_foreach"],
  resume: {},
  steps: [
    {
      prio: 0,
      quals: ["start"],
      required: true,
      code: [`if (!(${resumed})) this.items = [{ id: "A", iterations: 3 }, { id: "B", iterations: 5 }, { id: "C", iterations: 2 }];`],
    },
    { prio: 0, quals: ["loop_start"], required: true, code: ["this.item_id = this.input.id;", "this.max_loops = this.input.iterations;", "this.item_loop_count = 0;"] },
    {
      prio: 0,
      quals: ["loop_body"],
      required: true,
      code: [
        "this.item_loop_count += 1;",
        `if (!(${resumed}) && this.item_id === "B" && this.item_loop_count === 3) ${resumeFromHere}`,
        // The graph's switch keys are True/False (Python's str(bool)).
        'this.should_continue = this.item_loop_count < this.max_loops ? "True" : "False";',
      ],
    },
    {
      prio: 0,
      quals: ["loop_exit"],
      required: true,
      code: ["assertEquals(this.max_loops, this.item_loop_count);", "this.result = `Item ${this.item_id} finished after ${this.item_loop_count} iterations.`;"],
    },
    { prio: 0, quals: ["join-foreach"], required: true, code: ["this.results = [...inputs].map((i: any) => i.result).sort();"] },
    { prio: 1, quals: ["end"], required: true, code: [] },
  ],
  async check(c) {
    await c.assertArtifact("join", "results", ["Item A finished after 3 iterations.", "Item B finished after 5 iterations.", "Item C finished after 2 iterations."]);
    const exits = await c.tasks("exit_item_loop");
    assert.equal(exits.length, 3);
    for (const t of exits) {
      const id = await t.artifact("item_id");
      if (id === "B") assert.equal(t.origin, undefined, "item B's exit ran in the resumed run");
    }
  },
};

/** `--run-id-file` is written before the first task runs, by `run` and by `resume`. */
const runIdFile: CoreTest = {
  name: "RunIdFileTest",
  priority: 3,
  skipGraphs: switchGraphs,
  resume: {},
  prelude: ['import { readdirSync, readFileSync } from "node:fs";'],
  steps: [
    {
      prio: 0,
      quals: ["singleton-start"],
      required: true,
      code: [
        // The harness passes `--run-id-file run-id-<random>.txt` in the run's working directory (a new name for the resume).
        'const files = readdirSync(process.cwd()).filter((f) => /^run-id-.*\\.txt$/.test(f));',
        'assertEquals(true, files.some((f) => readFileSync(f, "utf8") === current.runId));',
        `if (!(${resumed})) ${resumeFromHere}`,
      ],
    },
    { prio: 2, quals: ["all"], code: [] },
  ],
};

/** More tests of resume. */
export const resumeTests2: readonly CoreTest[] = [originPathspec, recursiveSwitch, recursiveSwitchInsideForeach, runIdFile];
