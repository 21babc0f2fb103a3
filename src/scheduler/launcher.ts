/**
 * Starts a task and streams its output line by line: in a worker thread of the scheduler
 * (fast: a warm thread, reused when the task left it clean) or in a child process (full isolation, its own process group
 * so everything it starts can be killed).
 * @module
 */
import { spawn } from "node:child_process";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { taskStepArgs, type TaskSpec } from "../protocol/task-spec.js";
import type { ThreadPool } from "./thread-pool.js";
import { stepStartSignal } from "../task/step-start-signal.js";

/** How a task is isolated from the scheduler and from other tasks. */
export type Isolation = "thread" | "process";

/** How a task ended. */
export interface TaskExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

/** A running task. */
export interface TaskHandle {
  /** The process running the task (the scheduler's own for a thread). */
  readonly pid: number | undefined;
  readonly exited: Promise<TaskExitInfo>;
  /** For a task process: settles when it starts running its step's code (never, if it ends before). */
  readonly stepStarted?: Promise<void>;
  /** Stops the task (a thread is terminated whatever the signal). */
  kill(signal?: NodeJS.Signals): void;
}

/** Receives each line a task prints. */
export type LineListener = (stream: "stdout" | "stderr", line: string) => void;

const processEntry = fileURLToPath(new URL("../task/process-entry.js", import.meta.url));

/** The task command as this machine runs it: `[node, <task entry>, "step", flowFile, step, ...taskArgv]`. */
export function taskCommand(flowFile: string, spec: TaskSpec): string[] {
  return [process.execPath, processEntry, ...taskStepArgs(flowFile, spec)];
}

/** Launches `spec` in a new process, or in a warm thread taken from `pool`. */
export function launchTask(pool: ThreadPool | undefined, flowFile: string, spec: TaskSpec, env: NodeJS.ProcessEnv, onLine: LineListener): TaskHandle {
  return pool !== undefined ? launchThread(pool, spec, onLine) : launchProcess(flowFile, spec, env, onLine);
}

function launchProcess(flowFile: string, spec: TaskSpec, env: NodeJS.ProcessEnv, onLine: LineListener): TaskHandle {
  const [node, ...args] = taskCommand(flowFile, spec);
  const child = spawn(node as string, args, {
    // stdin stays open and unused: the task sees it end when the scheduler dies (see task/process-entry.ts).
    // fd 3: the task writes to it when its step's code starts (a @timeout counts from then).
    stdio: ["pipe", "pipe", "pipe", "pipe"],
    env: { ...env, [stepStartSignal.variable]: String(stepStartSignal.fd) },
    // Its own process group, so that a timeout or Ctrl-C kills the task and everything it started.
    detached: true,
  });
  const out = streamLines(child.stdout, "stdout", onLine);
  const err = streamLines(child.stderr, "stderr", onLine);
  const exited = new Promise<TaskExitInfo>((resolve) => {
    child.on("error", (e) => resolve({ code: null, signal: null, stdout: out.detach(), stderr: Buffer.concat([err.detach(), Buffer.from(`cannot start task process: ${e.message}\n`)]) }));
    child.on("close", (code, signal) => resolve({ code, signal, stdout: out.detach(), stderr: err.detach() }));
  });
  const signalPipe = child.stdio[stepStartSignal.fd] as Readable | null;
  const stepStarted = new Promise<void>((resolve) => {
    signalPipe?.once("data", () => resolve());
    signalPipe?.on("error", () => undefined);
    signalPipe?.resume();
  });
  // Something the flow's module spawned may hold the pipe open: it must not delay the task's end.
  child.once("exit", () => signalPipe?.destroy());
  return {
    pid: child.pid,
    exited,
    stepStarted,
    kill: (signal = "SIGTERM") => {
      if (child.pid === undefined || child.exitCode !== null) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        child.kill(signal);
      }
    },
  };
}

function launchThread(pool: ThreadPool, spec: TaskSpec, onLine: LineListener): TaskHandle {
  const worker = pool.take();
  worker.ref();
  worker.postMessage({ spec });
  const out = streamLines(worker.stdout, "stdout", onLine);
  const err = streamLines(worker.stderr, "stderr", onLine);
  let crash = "";
  let terminated: NodeJS.Signals | null = null;
  let selfSignal: NodeJS.Signals | null = null;
  const children: number[] = [];
  let finish: (info: TaskExitInfo) => void = () => undefined;
  const exited = new Promise<TaskExitInfo>((resolve) => (finish = resolve));
  const onMessage = (m: { child?: number; signal?: NodeJS.Signals; done?: number }): void => {
    if (m.child !== undefined) children.push(m.child);
    if (m.signal !== undefined) selfSignal = m.signal;
    // The task ended and the thread can run another one: its output was delivered before this message (see task/thread-entry.ts).
    if (m.done !== undefined && terminated === null) setImmediate(() => end({ code: m.done as number, signal: null }, true));
  };
  const onError = (e: Error): void => {
    // An error thrown outside the step (e.g. in a timer the step left behind).
    crash += `Uncaught error in the task: ${e?.stack ?? String(e)}\n`;
  };
  const streamEnded = (s: Readable) => new Promise<void>((resolve) => (s.readableEnded ? resolve() : s.once("close", resolve).once("end", resolve)));
  const onExit = async (code: number): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all([streamEnded(worker.stdout), streamEnded(worker.stderr)]), new Promise((r) => (timer = setTimeout(r, 1000)))]);
    clearTimeout(timer);
    // A thread whose step "killed its process" says which signal (see task/thread-entry.ts).
    const signal = terminated ?? selfSignal;
    end({ code: signal ? null : code, signal }, false);
  };
  let ended = false;
  const end = (result: { code: number | null; signal: NodeJS.Signals | null }, reusable: boolean): void => {
    if (ended) return;
    ended = true;
    worker.off("message", onMessage).off("error", onError).off("exit", onExit);
    const info = { ...result, stdout: out.detach(), stderr: Buffer.concat([err.detach(), Buffer.from(crash)]) };
    if (reusable) pool.release(worker);
    finish(info);
  };
  worker.on("message", onMessage).on("error", onError).once("exit", onExit);
  return {
    pid: process.pid,
    exited,
    kill: (signal = "SIGTERM") => {
      if (ended) return;
      terminated ??= signal;
      for (const pid of children) {
        try {
          process.kill(-pid, signal);
        } catch {
          // already gone
        }
      }
      void worker.terminate();
    },
  };
}

/** The lines of a stream for one task: `detach()` stops listening and gives all bytes seen. */
interface StreamTap {
  detach(): Buffer;
}

/** Splits a stream into lines for `onLine` (until detached: a reused thread's stream outlives the task). */
function streamLines(stream: Readable, name: "stdout" | "stderr", onLine: LineListener): StreamTap {
  const chunks: Buffer[] = [];
  let partial = "";
  const onData = (chunk: Buffer): void => {
    chunks.push(chunk);
    const lines = (partial + chunk.toString("utf8")).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) onLine(name, line);
  };
  stream.on("data", onData);
  return {
    detach: () => {
      stream.off("data", onData);
      if (partial !== "") {
        onLine(name, partial);
        partial = "";
      }
      return Buffer.concat(chunks);
    },
  };
}
