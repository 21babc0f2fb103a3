// @ts-check
/**
 * B8b: read one artifact from every task of a foreach step. Usage:
 *   node bench/clients/read-foreach.mjs FLOW STEP ARTIFACT EXPECTED_TASKS
 * Reads ARTIFACT (a number) from each task of STEP in the latest successful run of FLOW
 * ($METAFLOW_DATASTORE_ROOT), checks the task count, prints the count and the sum.
 */
import { Flow, namespace } from "metaflow-ts";

const [flowName, stepName, artifactName, expected] = process.argv.slice(2);
if (!flowName || !stepName || !artifactName || !expected) throw new Error("usage: read-foreach.mjs FLOW STEP ARTIFACT EXPECTED_TASKS");

namespace(null);
const run = await (await Flow.get(flowName)).latestSuccessfulRun();
if (!run) throw new Error(`no successful run of ${flowName}`);
const tasks = await (await run.step(stepName)).tasks();
if (tasks.length !== Number(expected)) throw new Error(`${tasks.length} tasks in ${stepName}, expected ${expected}`);
const values = await Promise.all(tasks.map((t) => t.artifact(artifactName)));
const sum = values.reduce((/** @type {number} */ s, v) => s + Number(v), 0);
console.log(JSON.stringify({ tasks: tasks.length, sum }));
