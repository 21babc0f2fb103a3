/**
 * Core tests of resume (Metaflow's resume_start_step, resume_end_step, resume_succeeded_step,
 * resume_foreach_split/inner/join), as TypeScript: the first run fails where the test says
 * "resume from here", `resume` runs the rest, and the check reads the resumed run.
 * @module
 */
import assert from "node:assert/strict";
import type { CoreTest, TestStep } from "./core-test.js";
import { switchGraphs } from "./core-test.js";

const resumeFromHere = 'throw Object.assign(new Error("This is not an error. Testing resume..."), { name: "ResumeFromHere" });';
const resumed = "current.originRunId !== undefined";
const intParam = 'int_param = Parameter("int_param", { default: 123 });';

const startStep: CoreTest = {
  name: "ResumeStartStepTest",
  priority: 3,
  skipGraphs: switchGraphs,
  resume: {},
  members: [intParam],
  steps: [
    {
      prio: 0,
      quals: ["singleton-start"],
      required: true,
      code: [`if (${resumed}) {`, '  this.data = "foo";', "  this.actual_origin_run_id = current.originRunId;", "} else {", '  this.data = "bar";', `  ${resumeFromHere}`, "}"],
    },
    { prio: 2, quals: ["all"], code: [] },
  ],
  async check(c) {
    for (const step of await c.steps()) {
      await c.assertArtifact(step, "data", "foo");
      await c.assertArtifact(step, "int_param", 123);
    }
    const [start] = await c.tasks("start");
    assert.equal(await start?.artifact("actual_origin_run_id"), c.originRunId);
    assert.equal(start?.origin, undefined, "the resumed step ran again (it is not a clone)");
  },
};

const endStep: CoreTest = {
  name: "ResumeEndStepTest",
  priority: 3,
  skipGraphs: switchGraphs,
  resume: {},
  members: [intParam],
  steps: [
    { prio: 0, quals: ["start"], code: ['this.data = "start";'] },
    { prio: 0, quals: ["singleton-end"], required: true, code: [`if (${resumed}) this.data = "foo";`, "else {", '  this.data = "bar";', `  ${resumeFromHere}`, "}"] },
    { prio: 2, quals: ["all"], code: [] },
  ],
  async check(c) {
    for (const step of await c.steps()) {
      await c.assertArtifact(step, "data", step === "end" ? "foo" : "start");
      for (const t of await c.tasks(step)) {
        if (step === "end") assert.equal(t.origin, undefined, `${t.pathspec} ran again`);
        else assert.match(String(t.origin), new RegExp(`/${c.originRunId}/${step}/`), `${t.pathspec} is a clone of the origin run's task`);
      }
    }
  },
};

const succeededStep: CoreTest = {
  name: "ResumeSucceededStepTest",
  priority: 3,
  skipGraphs: switchGraphs,
  resume: { step: "a" },
  members: [intParam],
  steps: [
    { prio: 0, quals: ["start"], code: [`this.data = ${resumed} ? "start_r" : "start";`] },
    { prio: 0, quals: ["singleton-end"], required: true, code: [`if (${resumed}) this.data = "end_r";`, "else {", '  this.data = "end";', `  ${resumeFromHere}`, "}"] },
    { prio: 2, quals: ["all"], code: [`this.data = ${resumed} ? "test_r" : "test";`] },
  ],
  async check(c) {
    await c.assertArtifact("start", "data", "start");
    await c.assertArtifact("a", "data", "test_r");
    await c.assertArtifact("end", "data", "end_r");
  },
};

/** The three foreach resume tests share their bodies but for where the first run stops. */
function foreachResume(name: string, where: "split" | "inner" | "join"): CoreTest {
  const stop = (set: string): string[] => [`this.after = true;`, `if (${resumed}) this.data = "resume";`, "else {", `  this.data = "run";`, `  ${resumeFromHere}`, "}", set];
  const check = ['if (this.after) assertEquals("resume", this.data);', 'else assertEquals("start", this.data);'];
  const inner = ['this.var = [this.foreachStack().map((f: any) => String(f.value)).join("")];'];
  const join = ["this.var = [...inputs].flatMap((i: any) => i.var).sort();", "this.data = inputs[0].data;", "this.after = inputs[0].after;"];
  const steps: TestStep[] = [
    { prio: 0, quals: ["start"], code: ['this.data = "start";', "this.after = false;"] },
    { prio: 0, quals: ["foreach-nested-split", "foreach-split"], required: true, code: where === "split" ? stop("") : check },
    { prio: 0, quals: ["foreach-inner"], required: true, code: where === "inner" ? [...stop(""), ...inner] : [...inner, ...check] },
    { prio: 0, quals: ["join"], required: true, code: where === "join" ? [...join, ...stop("")] : [...join, ...check] },
    { prio: 2, quals: ["all"], code: check },
  ];
  return {
    name,
    priority: 3,
    skipGraphs: [...switchGraphs, "single-and-branch", "nested-branches"],
    resume: {},
    steps,
    async check(c) {
      await c.assertArtifact("start", "data", "start");
      await c.assertArtifact("end", "data", "resume");
      const levels = Object.values(c.graph.steps).flatMap((n) => (n.foreach === undefined ? [] : [[...(JSON.parse(n.foreach.init) as Iterable<unknown>)].map(String)]));
      const expected = levels.reduce<string[]>((acc, level) => acc.flatMap((p) => level.map((x) => p + x)), [""]).sort();
      await c.assertArtifact("end", "var", expected);
    },
  };
}

/** Tests of resume. */
export const resumeTests: readonly CoreTest[] = [
  startStep,
  endStep,
  succeededStep,
  foreachResume("ResumeForeachSplitTest", "split"),
  foreachResume("ResumeForeachInnerTest", "inner"),
  foreachResume("ResumeForeachJoinTest", "join"),
];
