/**
 * Core tests of tags (Metaflow's basic_tags, tag_mutation, tag_catch), as TypeScript: `--tag`
 * values and system tags on the run, filtering runs by tag, changing user tags from a running
 * task and from outside (client and `tag` CLI), and @retry/@catchError on tasks that die.
 * @module
 */
import assert from "node:assert/strict";
import { Flow } from "metaflow-ts";
import type { CoreTest } from "./core-test.js";
import { switchGraphs } from "./core-test.js";

/** The `--tag` values every pair runs with (core.test.ts). */
const runTags = ["刺身 means sashimi", "multiple tags should be ok"];

/** Runs carry the `--tag` values (unicode, spaces) and system tags; filtering runs by tag finds them. */
const basicTag: CoreTest = {
  name: "BasicTagTest",
  priority: 2,
  skipGraphs: switchGraphs,
  prelude: ['import { project } from "metaflow-ts";'],
  flowDecorators: ['project({ name: "basic_tag" })'],
  steps: [{ prio: 0, quals: ["all"], code: ['assertEquals(`user:${process.env["METAFLOW_USER"]}`, current.namespace);'] }],
  async check(c) {
    const all = [...c.run.tags, ...c.run.systemTags];
    const tags = ["project:basic_tag", "project_branch:user.tester", "user:tester", ...runTags];
    for (const t of tags) assert.ok(all.includes(t), `run tags ${JSON.stringify(all)} include ${t}`);
    assert.deepEqual([...c.run.tags].sort(), [...runTags].sort(), "user tags are the --tag values");
    const flow = await Flow.get(c.flowName);
    const ids = async (...filter: string[]): Promise<string[]> => {
      const out: string[] = [];
      for await (const r of flow.runs(...filter)) out.push(r.id);
      return out;
    };
    assert.deepEqual(await ids("not_a_tag"), [], "no run has a tag nobody set");
    for (const t of tags) {
      assert.deepEqual(await ids("not_a_tag", t), [], `not_a_tag and ${t}`);
      assert.ok((await ids(t)).includes(c.run.id), `the run is among the runs tagged ${t}`);
    }
    assert.ok((await ids(...tags)).includes(c.run.id), "the run has all the tags at once");
  },
};

/** A user tag, `tag_along` in the check: the run with its tags freshly read. */
async function userTags(c: Parameters<NonNullable<CoreTest["check"]>>[0]): Promise<string[]> {
  return [...(await Flow.get(c.flowName).then((f) => f.run(c.run.id))).tags];
}

/** A running task adds and removes tags on its own run; outside, tags change all-or-nothing, system tags stay. */
const tagMutation: CoreTest = {
  name: "TagMutationTest",
  priority: 2,
  skipGraphs: switchGraphs,
  prelude: ['import { project } from "metaflow-ts";'],
  flowDecorators: ['project({ name: "tag_mutation" })'],
  steps: [
    {
      prio: 1,
      quals: ["all"],
      code: [
        "const run = await (await Flow.get(current.flowName)).run(current.runId);",
        "for (let i = 0; i < 7; i++) {",
        "  const tag = String(i);",
        "  await run.addTag(tag);",
        "  assertEquals(true, run.tags.includes(tag));",
        "  await run.removeTag(tag);",
        "  assertEquals(false, run.tags.includes(tag));",
        "}",
      ],
    },
  ],
  async check(c) {
    const run = c.run;
    // The steps changed tags on every graph; what follows does not depend on the graph: one is enough (the harness stays fast).
    if (c.graph.name !== "single-linear-step") return;
    const system = run.systemTags;
    assert.ok(system.length > 0, "the run has system tags");
    const someSystem = system.slice(0, 1);
    // Adding a tag that is already a system tag of the run is fine: only user tags are added.
    await run.addTags(["tag_along", ...someSystem]);
    let tags = await userTags(c);
    assert.ok(tags.includes("tag_along"));
    assert.deepEqual(tags.filter((t) => someSystem.includes(t)), [], "a system tag does not become a user tag");
    // Removing a system tag fails, and removes nothing.
    await assert.rejects(run.removeTags(["tag_along", ...someSystem]));
    assert.ok((await userTags(c)).includes("tag_along"), "all or nothing");
    await run.removeTag("tag_along");
    assert.ok(!(await userTags(c)).includes("tag_along"));
    // Replace through the CLI: remove, then add.
    await run.addTags(["AAA", "BBB"]);
    const replaced = await c.cli(["tag", "replace", `${c.flowName}/${run.id}`, "AAA", "CCC"]);
    assert.equal(replaced.code, 0, replaced.output);
    tags = await userTags(c);
    assert.ok(!tags.includes("AAA") && tags.includes("BBB") && tags.includes("CCC"), JSON.stringify(tags));
    // UTF-8 tags, added and removed through the CLI.
    const added = await c.cli(["tag", "add", `${c.flowName}/${run.id}`, "FeatEng1", "FeatEng2", "新想法"]);
    assert.equal(added.code, 0, added.output);
    for (const t of ["FeatEng1", "FeatEng2", "新想法"]) assert.ok((await userTags(c)).includes(t), t);
    const removed = await c.cli(["tag", "remove", `${c.flowName}/${run.id}`, "新想法", "FeatEng1"]);
    assert.equal(removed.code, 0, removed.output);
    tags = await userTags(c);
    assert.ok(!tags.includes("FeatEng1") && tags.includes("FeatEng2") && !tags.includes("新想法"), JSON.stringify(tags));
    // Invalid tags are refused.
    await assert.rejects(run.addTag(""), "an empty tag");
    await assert.rejects(run.addTag("a".repeat(600)), "a tag too long");
    await assert.rejects(run.addTag("bad \ud800 utf-16"), "a tag that is not valid Unicode");
    tags = await userTags(c);
    assert.ok(!tags.includes("") && !tags.includes("a".repeat(600)), JSON.stringify(tags));
    const nothing = await c.cli(["tag", "add", `${c.flowName}/${run.id}`]);
    assert.notEqual(nothing.code, 0, `adding no tag is refused\n${nothing.output}`);
  },
};

const retry2 = "retry({ times: 2, minutesBetweenRetries: 0 })";

/** Metaflow's catch_retry with tasks that kill themselves: @catchError stores the death after the retries. */
const tagCatch: CoreTest = {
  name: "TagCatchTest",
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
      code: ["assertEquals(3, this.test_attempt);", "this.here = true;", 'throw Object.assign(new Error("catch me!"), { name: "ExternalCommandFailed" });'],
    },
    // Die an ugly death: no exception, the process is gone.
    { prio: 1, quals: ["all"], decorators: ['catchError({ var: "ex", printException: false })', retry2], code: ['process.kill(process.pid, "SIGKILL");'] },
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
          assert.equal(ex.type, "ExternalCommandFailed");
          assert.equal(await t.artifact("here"), true);
          assert.equal(t.exception, undefined, "a caught exception is not the task's exception");
        }
      } else if (node.foreach !== undefined) {
        await c.assertArtifact(step, "this_is_split", true);
      } else if (!node.join) {
        for (const t of tasks) {
          const ex = (await t.artifact("ex")) as { type: string; message: string };
          assert.match(`${ex.type}: ${ex.message}`, /SIGKILL|killed|signal/i, `${t.pathspec}: the death is stored`);
        }
      }
      if (step === "end") continue;
      // 1 run + 2 retries (+ 1 for @catchError after a death); start: 1 run + 3 retries.
      for (const t of tasks) assert.equal(t.attempts, node.foreach !== undefined || node.join === true ? 3 : 4, `${t.pathspec} attempts`);
    }
  },
};

/** Tests of tags. */
export const tagTests: readonly CoreTest[] = [basicTag, tagMutation, tagCatch];
