/**
 * Entry of a task run in a worker thread: a fresh V8 isolate per task, so no module state or
 * global of one task reaches another, at a fraction of a process's start-up cost.
 *
 * The thread starts *warm*: it loads the runtime and the run's code package while it waits,
 * then receives its TaskSpec as a message, runs it once and exits with the task's exit code.
 * @module
 */
import { ChildProcess } from "node:child_process";
import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import type { TaskSpec } from "../protocol/task-spec.js";
import { loadFlowClass, runTaskSpec } from "./entry.js";
import { describeCrash } from "../errors.js";

process.setSourceMapsEnabled(true);
containProcessWideActions();
const { codePath, flowFile, preload } = workerData as { codePath: string; flowFile: string; preload: boolean };
const preloaded = preload ? loadFlowClass(codePath, flowFile) : undefined;
preloaded?.catch(() => undefined); // reported when the task runs

parentPort?.once("message", (message: { spec: TaskSpec }) => {
  runTaskSpec(message.spec, (path, file) => (path === codePath && preloaded !== undefined ? preloaded : loadFlowClass(path, file)))
    .catch((e: unknown) => {
      process.stderr.write(`metaflow-ts task crashed: ${describeCrash(e)}\n`);
      return 202;
    })
    .then((code) => process.exit(code));
});

/**
 * In a thread, "the process" of the task is the thread: a step that signals or aborts its own
 * process must end its task, not the scheduler that hosts the thread; the scheduler is told which
 * signal it was.
 */
function containProcessWideActions(): void {
  const kill = process.kill.bind(process);
  process.kill = ((pid: number, signal?: string | number) => {
    if (pid !== process.pid && pid !== 0 && pid !== -process.pid) return kill(pid, signal);
    const sig = signal ?? "SIGTERM";
    const num = typeof sig === "number" ? sig : os.constants.signals[sig as NodeJS.Signals];
    if (num === 0) return true;
    parentPort?.postMessage({ signal: typeof sig === "string" ? sig : signalName(sig) });
    process.exit(1);
  }) as typeof process.kill;
  process.abort = () => {
    parentPort?.postMessage({ signal: "SIGABRT" });
    process.exit(1);
  };
  // Children a step starts get their own process group, and the scheduler learns their pid, so
  // that stopping the task (Ctrl-C) stops them too, as it does for a task run as a process.
  // ChildProcess.prototype.spawn is what spawn, exec, execFile and fork all go through.
  const proto = ChildProcess.prototype as unknown as { spawn(this: ChildProcess, options: { detached?: boolean }): unknown };
  const spawn = proto.spawn;
  proto.spawn = function (this: ChildProcess, options: { detached?: boolean }) {
    options.detached = true;
    const result = spawn.call(this, options);
    if (this.pid !== undefined) parentPort?.postMessage({ child: this.pid });
    return result;
  };
}

function signalName(num: number): string {
  return Object.entries(os.constants.signals).find(([, n]) => n === num)?.[0] ?? `signal ${num}`;
}
