// @ts-check
/**
 * B8a: what a user's script does to read one result. Usage:
 *   node bench/clients/read-artifact.mjs FLOW STEP ARTIFACT
 * Reads ARTIFACT of the (first) task of STEP in the latest successful run of FLOW from the
 * datastore at $METAFLOW_DATASTORE_ROOT, prints it as JSON, exits 1 if anything is missing.
 * Plain JavaScript so that the timed process is `node` alone, as a user's compiled script would be.
 */
import { Flow, namespace } from "metaflow-ts";

const [flowName, stepName, artifactName] = process.argv.slice(2);
if (!flowName || !stepName || !artifactName) throw new Error("usage: read-artifact.mjs FLOW STEP ARTIFACT");

namespace(null);
const run = await (await Flow.get(flowName)).latestSuccessfulRun();
if (!run) throw new Error(`no successful run of ${flowName}`);
const [task] = await (await run.step(stepName)).tasks();
if (!task) throw new Error(`no task in ${stepName}`);
const value = await task.artifact(artifactName);
if (value === undefined) throw new Error(`no artifact ${artifactName}`);
console.log(JSON.stringify(value));
