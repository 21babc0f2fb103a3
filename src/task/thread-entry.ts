/**
 * Entry of a task run in a worker thread: a fresh V8 isolate per task, so no module state or
 * global of one task reaches another, at a fraction of a process's start-up cost.
 *
 * The thread starts *warm*: it loads the runtime and the run's code package while it waits,
 * then receives its TaskSpec as a message, runs it once and exits with the task's exit code.
 * @module
 */
import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import type { TaskSpec } from "../protocol/task-spec.js";
import { loadFlowClass, runTaskSpec } from "./entry.js";

process.setSourceMapsEnabled(true);
containProcessWideActions();
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

/**
 * In a thread, "the process" of the task is the thread: a step that signals or aborts its own
 * process must end its task, not the scheduler that hosts the thread. The exit code 128 + N tells
 * the scheduler which signal it was, as a shell would.
 */
function containProcessWideActions(): void {
  const kill = process.kill.bind(process);
  process.kill = ((pid: number, signal?: string | number) => {
    if (pid !== process.pid && pid !== 0 && pid !== -process.pid) return kill(pid, signal);
    const sig = signal ?? "SIGTERM";
    const num = typeof sig === "number" ? sig : os.constants.signals[sig as NodeJS.Signals];
    if (num === 0) return true;
    process.exit(128 + (num ?? 15));
  }) as typeof process.kill;
  process.abort = () => process.exit(128 + os.constants.signals.SIGABRT);
}
