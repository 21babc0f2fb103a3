/**
 * Starts a task as a child process of the scheduler and streams its output line by line.
 * @module
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { encodeTaskSpec, type TaskSpec } from "../protocol/task-spec.js";

/** How a task process ended. */
export interface TaskExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

/** A running task process. */
export interface TaskHandle {
  readonly pid: number | undefined;
  readonly exited: Promise<TaskExitInfo>;
  kill(signal?: NodeJS.Signals): void;
}

const taskEntry = fileURLToPath(new URL("../task/entry.js", import.meta.url));

/** Launches `spec` in a new Node process; `onLine` receives each output line as it comes. */
export function launchTask(flowFile: string, spec: TaskSpec, env: NodeJS.ProcessEnv, onLine: (stream: "stdout" | "stderr", line: string) => void): TaskHandle {
  const child = spawn(process.execPath, [taskEntry, "step", flowFile, spec.step, ...encodeTaskSpec(spec)], {
    stdio: ["ignore", "pipe", "pipe"],
    env,
    // Its own process group, so that a timeout or Ctrl-C kills the task and everything it started.
    detached: true,
  });
  const collect = (stream: "stdout" | "stderr") => {
    const chunks: Buffer[] = [];
    let partial = "";
    child[stream].on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      const text = partial + chunk.toString("utf8");
      const lines = text.split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) onLine(stream, line);
    });
    return () => {
      if (partial !== "") onLine(stream, partial);
      return Buffer.concat(chunks);
    };
  };
  const out = collect("stdout");
  const err = collect("stderr");
  const exited = new Promise<TaskExitInfo>((resolve) => {
    child.on("error", (e) => resolve({ code: null, signal: null, stdout: out(), stderr: Buffer.concat([err(), Buffer.from(`cannot start task process: ${e.message}\n`)]) }));
    child.on("close", (code, signal) => resolve({ code, signal, stdout: out(), stderr: err() }));
  });
  return {
    pid: child.pid,
    exited,
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
