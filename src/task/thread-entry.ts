/**
 * Entry of the tasks run in a worker thread. The thread starts *warm*: it loads the runtime and
 * the run's code package while it waits, then receives a TaskSpec as a message and runs it.
 *
 * Every task gets its own instance of the code package (imported again under a new URL, so the
 * flow file and everything it bundles are evaluated again: module-level state starts fresh), and
 * the globals and environment variables it changed are put back when it ends. A thread whose task
 * succeeded and left nothing running posts `{ done }` and waits for the next task; otherwise
 * (failure, `process.exit()`, a leftover timer or socket, a global it cannot put back, a step with
 * its own environment, memory it cannot collect, or {@link tasksPerThread} tasks served) it exits with the task's exit code
 * and the scheduler starts a fresh thread (see scheduler/thread-pool.ts).
 * @module
 */
import { ChildProcess } from "node:child_process";
import os from "node:os";
import { pathToFileURL } from "node:url";
import { parentPort, workerData } from "node:worker_threads";
import { resetNamespace } from "../client/namespace.js";
import { describeCrash } from "../errors.js";
import type { FlowClass } from "../flow/flow-class.js";
import type { TaskSpec } from "../protocol/task-spec.js";
import { loadFlowClass, runTaskSpec } from "./entry.js";
import { captureBaseline, restoreBaseline } from "./thread-state.js";
import { collectGarbageUntil } from "./collect-garbage.js";

/**
 * Tasks one thread runs before it is replaced: each instance of the code package stays in the
 * thread's module map, so this bounds the thread's memory (and amortizes its start-up 100-fold; 200 saved a little CPU for ~50 MiB more RSS in a 1,000-way foreach).
 */
const tasksPerThread = 100;

/**
 * A thread whose isolate holds more than this after a task (heap + Buffers, e.g. a step that made or
 * read a 100 MiB artifact) collects its garbage at once rather than carry that memory into the next
 * task; if it still holds more (memory the task left reachable, e.g. in a module-level variable of its
 * code instance), it retires: its isolate is freed, and a warm replacement is started. Collecting
 * (~30 ms) is much cheaper than booting a replacement, which the next task would wait for.
 */
const retireAboveBytes = 96 * 1024 * 1024;

/** Whether the isolate of this thread holds more than {@link retireAboveBytes} once its garbage is collected. */
function holdsMuchMemory(): boolean {
  const below = (): boolean => {
    const m = process.memoryUsage();
    return m.heapUsed + m.external <= retireAboveBytes;
  };
  return !collectGarbageUntil(below);
}

process.setSourceMapsEnabled(true);
containProcessWideActions();
/** Which code package the thread's tasks run; a thread started ahead of its run gets it in a `setup` message. */
interface Setup {
  readonly codePath: string;
  readonly flowFile: string;
  readonly preload: boolean;
}
let { codePath, flowFile, preload } = workerData as Partial<Setup>;
const baseline = captureBaseline();
let served = 0;
let next = codePath !== undefined && preload === true ? freshInstance() : undefined;

/** Imports a new instance of the code package (a new URL: the module is evaluated again). */
function freshInstance(): Promise<FlowClass> {
  const url = new URL(pathToFileURL(codePath as string).href);
  url.searchParams.set("task", String(served));
  const loaded = loadFlowClass(url, flowFile as string);
  loaded.catch(() => undefined); // reported when the task runs
  return loaded;
}

parentPort?.on("message", (message: { spec: TaskSpec } | { setup: Setup }) => {
  if ("spec" in message) return void runOne(message.spec);
  ({ codePath, flowFile, preload } = message.setup);
  if (preload) next = freshInstance();
});

async function runOne(spec: TaskSpec): Promise<void> {
  const preloaded = next;
  next = undefined;
  const code = await runTaskSpec(spec, (path, file) => (path === codePath ? (preloaded ?? freshInstance()) : loadFlowClass(path, file))).catch((e: unknown) => {
    process.stderr.write(`metaflow-ts task crashed: ${describeCrash(e)}\n`);
    return 202;
  });
  // Output first: once the write callbacks ran, the scheduler has received every byte the task printed.
  await new Promise<void>((resolve) => process.stdout.write("", () => process.stderr.write("", () => resolve())));
  served += 1;
  const clean = restoreBaseline(baseline);
  resetNamespace();
  if (code !== 0 || !clean || spec.environment !== undefined || served >= tasksPerThread || holdsMuchMemory()) process.exit(code);
  if (preload) next = freshInstance();
  parentPort?.postMessage({ done: code });
}

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
