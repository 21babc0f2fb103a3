/**
 * Entry of a task run in a worker thread: a fresh V8 isolate per task, so no module state or
 * global of one task reaches another, at a fraction of a process's start-up cost.
 *
 * The thread starts *warm*: it loads the runtime and the run's code package while it waits,
 * then receives its TaskSpec as a message, runs it once and exits with the task's exit code.
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import type { TaskSpec } from "../protocol/task-spec.js";
import { loadFlowClass, runTaskSpec } from "./entry.js";

process.setSourceMapsEnabled(true);
const { codePath, flowFile } = workerData as { codePath: string; flowFile: string };
const preloaded = loadFlowClass(codePath, flowFile);
preloaded.catch(() => undefined); // reported when the task runs

parentPort?.once("message", (message: { spec: TaskSpec }) => {
  runTaskSpec(message.spec, (path, file) => (path === codePath ? preloaded : loadFlowClass(path, file)))
    .catch((e: unknown) => {
      process.stderr.write(`metaflow-ts task crashed: ${(e as Error)?.stack ?? String(e)}\n`);
      return 202;
    })
    .then((code) => process.exit(code));
});
