/**
 * More core tests of the runtime (Metaflow's current_singleton, detect_segfault, large_mflog,
 * runtime_dag), as TypeScript: what `current` says in every task, a crashing process's logs,
 * many log lines from many tasks, and the task graph seen through parent and child tasks.
 * @module
 */
import assert from "node:assert/strict";
import { Task } from "metaflow-ts";
import type { CoreTest } from "./core-test.js";
import { switchGraphs } from "./core-test.js";

/** What each task adds to the sets the flow carries (Metaflow keeps Python sets; here: arrays without duplicates). */
const facts: Readonly<Record<string, string>> = {
  project_names: "current.projectName",
  branch_names: "current.branchName",
  project_flow_names: "current.projectFlowName",
  is_production: "current.isProduction",
  flow_names: "current.flowName",
  run_ids: "current.runId",
  origin_run_ids: "current.originRunId ?? null",
  seen_steps: "current.stepName",
  namespaces: "current.namespace",
  usernames: "current.username",
};
const recordTask = [
  "this.step_name = current.stepName;",
  "this.uuid = randomUUID();",
  "this.task_data = { ...this.task_data, [current.pathspec]: this.uuid };",
  "this.tags = union(this.tags, current.tags);",
  // Metaflow stores `current.task` and `current.run` (pickled client objects); here their pathspecs.
  "this.task_pathspec = current.pathspec;",
  'this.run_pathspec = `${current.flowName}/${current.runId}`;',
];

/** `current` gives the same run facts in every task, and each task's own pathspec. */
const currentSingleton: CoreTest = {
  name: "CurrentSingletonTest",
  priority: 1,
  skipGraphs: switchGraphs,
  prelude: ['import { project } from "metaflow-ts";', 'import { randomUUID } from "node:crypto";', "const union = (a: readonly unknown[] | undefined, b: readonly unknown[]): unknown[] => [...new Set([...(a ?? []), ...b])];"],
  flowDecorators: ['project({ name: "current_singleton" })'],
  steps: [
    { prio: 0, quals: ["start"], code: [...Object.entries(facts).map(([k, v]) => `this.${k} = [${v}];`), "this.task_data = {};", "this.tags = [];", ...recordTask] },
    {
      prio: 1,
      quals: ["join"],
      code: [
        ...Object.keys(facts).map((k) => `this.${k} = union([...inputs].flatMap((i: any) => i.${k}), []);`),
        "this.task_data = Object.assign({}, ...[...inputs].map((i: any) => i.task_data));",
        "this.tags = union([...inputs].flatMap((i: any) => i.tags), []);",
        ...Object.entries(facts).map(([k, v]) => `this.${k} = union(this.${k}, [${v}]);`),
        ...recordTask,
      ],
    },
    { prio: 2, quals: ["all"], code: [...Object.entries(facts).map(([k, v]) => `this.${k} = union(this.${k}, [${v}]);`), ...recordTask] },
  ],
  async check(c) {
    const data = await c.run.data();
    const taskData = data["task_data"] as Record<string, string>;
    for (const [pathspec, uuid] of Object.entries(taskData)) assert.equal(await (await Task.get(pathspec)).artifact("uuid"), uuid, pathspec);
    for (const step of await c.steps()) {
      for (const t of await c.tasks(step)) {
        assert.equal(await t.artifact("step_name"), step);
        assert.equal(await t.artifact("uuid"), taskData[t.pathspec], `${t.pathspec} is in the end task's task_data`);
        assert.equal(await t.artifact("task_pathspec"), t.pathspec);
        assert.equal(await t.artifact("run_pathspec"), c.run.pathspec);
      }
    }
    assert.deepEqual(data["project_names"], ["current_singleton"]);
    assert.deepEqual(data["branch_names"], ["user.tester"]);
    assert.deepEqual(data["project_flow_names"], ["current_singleton.user.tester.CurrentSingletonTestFlow"]);
    assert.deepEqual(data["is_production"], [false]);
    assert.deepEqual(data["flow_names"], [c.flowName]);
    assert.deepEqual(data["run_ids"], [c.run.id]);
    assert.deepEqual(data["origin_run_ids"], [null]);
    assert.deepEqual([...(data["seen_steps"] as string[])].sort(), (await c.steps()).sort());
    assert.deepEqual(data["namespaces"], ["user:tester"]);
    assert.deepEqual(data["usernames"], ["tester"]);
    assert.deepEqual([...(data["tags"] as string[])].sort(), ["刺身 means sashimi", "multiple tags should be ok"].sort());
  },
};

/** A task that crashes (a segmentation fault kills the process) keeps what it printed, and its stderr says why it died. */
const detectSegFault: CoreTest = {
  name: "DetectSegFaultTest",
  priority: 2,
  skipGraphs: switchGraphs,
  shouldFail: true,
  steps: [
    // Node has no safe way to dereference a null pointer: the process gets the signal a segfault raises.
    { prio: 0, quals: ["singleton-end"], required: true, code: ['console.log("Crash and burn!");', 'process.kill(process.pid, "SIGSEGV");'] },
    { prio: 1, quals: ["all"], code: [] },
  ],
  async check(c) {
    await c.assertLog("end", "stdout", "Crash and burn!", false);
    await c.assertLog("end", "stderr", "segmentation fault", false);
  },
};

const numForeach = 32;
const numLines = 5000;

/** Many log lines from many tasks: every line kept, in order, on its stream, with its task. */
const largeMflog: CoreTest = {
  name: "LargeMflogTest",
  priority: 2,
  skipGraphs: switchGraphs,
  steps: [
    {
      prio: 0,
      quals: ["foreach-split-small"],
      required: true,
      code: [`this.arr = Array.from({ length: ${numForeach} }, (_, i) => i);`, 'this.random_log_prefix = Array.from({ length: 5 }, () => "abcdefghijklmnopqrstuvwxyz"[Math.floor(Math.random() * 26)]).join("");'],
    },
    {
      prio: 0,
      quals: ["foreach-inner-small"],
      required: true,
      code: [
        "this.log_step = current.stepName;",
        `for (let i = 0; i < ${numLines}; i++) {`,
        "  const now = new Date().toISOString();",
        "  console.log(`${this.random_log_prefix} ${current.taskId} stdout ${i} ${now}`);",
        "  process.stderr.write(`${this.random_log_prefix} ${current.taskId} stderr ${i} ${now}\\n`);",
        "}",
      ],
    },
    { prio: 0, quals: ["foreach-join-small"], required: true, code: ["this.log_step = inputs[0].log_step;", "this.random_log_prefix = inputs[0].random_log_prefix;"] },
    { prio: 0, quals: ["end"], code: [`this.num_foreach = ${numForeach};`, `this.num_lines = ${numLines};`] },
    { prio: 1, quals: ["all"], code: [] },
  ],
  async check(c) {
    const [end] = await c.tasks("end");
    const step = String(await end?.artifact("log_step"));
    const prefix = String(await end?.artifact("random_log_prefix"));
    const tasks = await c.tasks(step);
    assert.equal(tasks.length, numForeach);
    for (const stream of ["stdout", "stderr"] as const) {
      for (const t of tasks) {
        const text = stream === "stdout" ? await t.stdout() : await t.stderr();
        const lines = text.split("\n").filter((l) => l.startsWith(prefix)).map((l) => l.split(" "));
        assert.equal(lines.length, numLines, `${t.pathspec} ${stream}: every line kept`);
        lines.forEach(([, taskId, type, idx], i) => {
          assert.equal(taskId, t.id, `${t.pathspec} ${stream} line ${i}: its own task`);
          assert.equal(type, stream, `${t.pathspec} ${stream} line ${i}: its own stream`);
          assert.equal(Number(idx), i, `${t.pathspec} ${stream} line ${i}: in order`);
        });
      }
      // The CLI shows the same lines.
      const t = tasks[0];
      if (t === undefined) continue;
      const cli = await c.cli(["logs", t.pathspec, `--${stream}`]);
      assert.equal(cli.code, 0, cli.output);
      assert.equal(cli.stdout.split("\n").filter((l) => l.startsWith(`${prefix} ${t.id} ${stream} `)).length, numLines, `logs ${t.pathspec} ${stream}`);
    }
  },
};

/** Each task records its parents' pathspecs; the client's parent and child tasks agree. */
const runtimeDag: CoreTest = {
  name: "RuntimeDagTest",
  priority: 1,
  skipGraphs: switchGraphs,
  steps: [
    { prio: 0, quals: ["start"], code: ["this.step_name = current.stepName;", "this.task_pathspec = current.pathspec;", "this.parent_pathspecs = [];"] },
    { prio: 1, quals: ["join"], code: ["this.step_name = current.stepName;", "this.parent_pathspecs = [...inputs].map((i: any) => i.task_pathspec);", "this.task_pathspec = current.pathspec;"] },
    { prio: 2, quals: ["all"], code: ["this.step_name = current.stepName;", "this.parent_pathspecs = [this.task_pathspec];", "this.task_pathspec = current.pathspec;"] },
  ],
  async check(c) {
    const all = (await Promise.all((await c.steps()).map((s) => c.tasks(s)))).flat();
    const parentsOf = new Map<string, string[]>();
    for (const t of all) parentsOf.set(t.pathspec, (await t.artifact("parent_pathspecs")) as string[]);
    for (const t of all) {
      const parents = await t.parentTasks();
      assert.deepEqual(parents.map((p) => p.pathspec).sort(), [...(parentsOf.get(t.pathspec) ?? [])].sort(), `${t.pathspec}: parent tasks`);
      assert.deepEqual((await t.parentPathspecs()).sort(), [...(parentsOf.get(t.pathspec) ?? [])].sort(), `${t.pathspec}: parent pathspecs`);
      for (const p of parents) {
        assert.equal(p.successful, true);
        assert.equal(await p.artifact("task_pathspec"), p.pathspec, `${p.pathspec}: a parent task is the task itself`);
      }
      const children = await t.childTasks();
      const expected = [...parentsOf].filter(([, ps]) => ps.includes(t.pathspec)).map(([child]) => child).sort();
      assert.deepEqual(children.map((ch) => ch.pathspec).sort(), expected, `${t.pathspec}: child tasks`);
      for (const ch of children) assert.equal(await ch.artifact("step_name"), ch.stepName, `${ch.pathspec}: a child task is the task itself`);
    }
  },
};

/** More tests of the runtime. */
export const runtimeTests2: readonly CoreTest[] = [currentSingleton, detectSegFault, largeMflog, runtimeDag];
