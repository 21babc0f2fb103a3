// @ts-check
/**
 * A notebook-style inspection of a foreach run, as a user would write it in a cell or a script:
 * plain JavaScript importing the package, run with `node` in a fresh process. Prints a JSON summary.
 * Usage: METAFLOW_DATASTORE_ROOT=... node test/scripts/inspect-foreach.mjs FLOW
 */
import { Flow, namespace } from "metaflow-ts";

const flowName = process.argv[2] ?? "ForeachFlow";
namespace(null);

const flow = await Flow.get(flowName);
const run = await flow.latestSuccessfulRun();
if (!run) throw new Error(`no successful run of ${flowName}`);

// Cell 1: what ran
const steps = (await run.steps()).map((s) => s.id);

// Cell 2: the foreach, one row per task
const body = await run.step("body");
const rows = [];
for (const task of await body.tasks()) {
  rows.push({ index: task.index, item: await task.artifact("item"), value: await task.artifact("value"), log: (await task.stdout()).trim() });
}

// Cell 3: artifact metadata without loading values, and the join's view
const sizes = Object.fromEntries((await body.task()).artifacts().map((a) => [a.name, a.size]));
const join = await run.step("join");
const joined = await (await join.task()).artifact("values");
const parents = (await (await join.task()).parentTasks()).map((t) => t.index);

// Cell 4: the end result
const data = await run.data();
console.log(JSON.stringify({ run: run.pathspec, steps, rows, sizes, joined, parents, end: data }));
