/**
 * Core tests about artifacts and joins (Metaflow's basic_artifact, merge_artifacts*,
 * lineage), as TypeScript.
 * @module
 */
import assert from "node:assert/strict";
import type { CoreTest } from "./core-test.js";
import { switchGraphs } from "./core-test.js";
import { successors } from "./graphs.js";

/** An artifact set in `start` is seen by every step downstream (and by the CLI's dump). */
const basicArtifact: CoreTest = {
  name: "BasicArtifactTest",
  priority: 0,
  skipGraphs: switchGraphs,
  steps: [
    { prio: 0, quals: ["start"], code: ['this.data = "abc";'] },
    { prio: 1, quals: ["join"], code: ["const inputset = new Set([...inputs].map((i: any) => i.data));", 'assertEquals(new Set(["abc"]), inputset);', "this.data = [...inputset][0];"] },
    { prio: 2, quals: ["all"], code: [] },
  ],
  async check(c) {
    for (const step of await c.steps()) await c.assertArtifact(step, "data", "abc");
    const dumped = JSON.stringify(await c.dump("end"));
    assert.ok(dumped.includes('"abc"'), `dump of end shows data: ${dumped}`);
  },
};

const mergeStart = ['this.non_modified_passdown = "a";', 'this.modified_to_same_value = "b";', 'this.manual_merge_required = "c";', 'this.ignore_me = "d";'];
const mergeModify = ["this.manual_merge_required = current.taskId;", "this.ignore_me = current.taskId;", 'this.modified_to_same_value = "e";', 'assertEquals("a", this.non_modified_passdown);'];

/** mergeArtifacts: conflicts are reported and set nothing, include+exclude is refused, values set first win. */
const mergeArtifacts: CoreTest = {
  name: "MergeArtifactsTest",
  priority: 1,
  skipGraphs: switchGraphs,
  steps: [
    { prio: 0, quals: ["start"], code: mergeStart },
    { prio: 2, quals: ["linear"], code: mergeModify },
    {
      prio: 0,
      quals: ["join"],
      required: true,
      code: [
        'assertThrows(() => this.mergeArtifacts(inputs), (e) => e instanceof MetaflowError && e.code === "MERGE_CONFLICT");',
        "assertEquals(undefined, this.non_modified_passdown);",
        "assertEquals(undefined, this.manual_merge_required);",
        'assertThrows(() => this.mergeArtifacts(inputs, { exclude: ["ignore_me"], include: ["non_modified_passdown"] }), (e) => e instanceof MetaflowError);',
        "assertEquals(undefined, this.non_modified_passdown);",
        "assertEquals(undefined, this.manual_merge_required);",
        "this.manual_merge_required = current.taskId;",
        'this.mergeArtifacts(inputs, { exclude: ["ignore_me"] });',
        'assertEquals("a", this.non_modified_passdown);',
        'assertEquals("e", this.modified_to_same_value);',
        "assertEquals(current.taskId, this.manual_merge_required);",
        "assertEquals(undefined, this.ignore_me);",
      ],
    },
    {
      prio: 0,
      quals: ["end"],
      code: [
        "assertThrows(() => this.mergeArtifacts([] as any), (e) => e instanceof MetaflowError);",
        'assertEquals("a", this.non_modified_passdown);',
        'assertEquals("e", this.modified_to_same_value);',
        "assertEquals(true, this.manual_merge_required !== undefined);",
      ],
    },
    { prio: 3, quals: ["all"], code: ['assertEquals("a", this.non_modified_passdown);'] },
  ],
};

/** mergeArtifacts with include: a missing name is an error; only the included names are merged. */
const mergeArtifactsInclude: CoreTest = {
  name: "MergeArtifactsIncludeTest",
  priority: 1,
  skipGraphs: switchGraphs,
  steps: [
    { prio: 0, quals: ["start"], code: mergeStart },
    { prio: 2, quals: ["linear"], code: mergeModify },
    {
      prio: 0,
      quals: ["join"],
      required: true,
      code: [
        "this.manual_merge_required = current.taskId;",
        'assertThrows(() => this.mergeArtifacts(inputs, { include: ["manual_merge_required", "foobar"] }), (e) => e instanceof MetaflowError && /foobar/.test(e.message));',
        "assertEquals(undefined, this.non_modified_passdown);",
        'this.mergeArtifacts(inputs, { include: ["non_modified_passdown"] });',
        'assertEquals("a", this.non_modified_passdown);',
        "assertEquals(current.taskId, this.manual_merge_required);",
        "assertEquals(undefined, this.ignore_me);",
        "assertEquals(undefined, this.modified_to_same_value);",
      ],
    },
    { prio: 0, quals: ["end"], code: ['assertEquals("a", this.non_modified_passdown);', "assertEquals(true, this.manual_merge_required !== undefined);"] },
    { prio: 3, quals: ["all"], code: ['assertEquals("a", this.non_modified_passdown);'] },
  ],
};

/** Artifacts set by foreach siblings under distinct names all merge. */
const mergeArtifactsPropagation: CoreTest = {
  name: "MergeArtifactsPropagationTest",
  priority: 1,
  skipGraphs: switchGraphs,
  steps: [
    { prio: 0, quals: ["start"], code: ['this.non_modified_passdown = "a";'] },
    { prio: 0, quals: ["foreach-inner-small"], required: true, code: ["this[`var${this.index}`] = this.index;"] },
    {
      prio: 0,
      quals: ["foreach-join-small"],
      required: true,
      code: ["this.mergeArtifacts(inputs);", 'assertEquals("a", this.non_modified_passdown);', "[...inputs].forEach((_: unknown, i: number) => assertEquals(i, this[`var${i}`]));"],
    },
    { prio: 1, quals: ["all"], code: ['assertEquals("a", this.non_modified_passdown);'] },
  ],
};

/** The trail of steps every task descends from, joins keeping the distinct trails of their inputs. */
const lineage: CoreTest = {
  name: "LineageTest",
  priority: 1,
  skipGraphs: switchGraphs,
  steps: [
    { prio: 0, quals: ["start"], code: ["this.lineage = [current.stepName];"] },
    {
      prio: 1,
      quals: ["join"],
      code: [
        "const trails = [...new Set([...inputs].map((i: any) => JSON.stringify(i.lineage)))].sort().map((s) => JSON.parse(s));",
        "this.lineage = [trails, current.stepName];",
      ],
    },
    { prio: 2, quals: ["all"], code: ["this.lineage = [...this.lineage, current.stepName];"] },
  ],
  async check(c) {
    const steps = c.graph.steps;
    const inFuncs = new Map<string, number>();
    for (const node of Object.values(steps)) for (const to of successors(node)) inFuncs.set(to, (inFuncs.get(to) ?? 0) + 1);
    const joinSets = new Map<string, Set<string>>();
    const expected = new Map<string, unknown[]>();
    const traverse = (step: string, trail: unknown[]): void => {
      let here = trail;
      if (steps[step]?.join) {
        const set = joinSets.get(step) ?? new Set<string>();
        set.add(JSON.stringify(trail));
        joinSets.set(step, set);
        if (set.size < (inFuncs.get(step) ?? 0)) return;
        here = [[...set].sort().map((s) => JSON.parse(s) as unknown)];
      }
      expected.set(step, [...here, step]);
      for (const next of successors(steps[step] ?? {})) traverse(next, [...here, step]);
    };
    traverse("start", []);
    for (const step of await c.steps()) await c.assertArtifact(step, "lineage", expected.get(step));
  },
};

/** Tests about artifacts and joins. */
export const artifactTests: readonly CoreTest[] = [basicArtifact, mergeArtifacts, mergeArtifactsInclude, mergeArtifactsPropagation, lineage];
