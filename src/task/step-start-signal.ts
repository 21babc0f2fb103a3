/**
 * Tells the local scheduler when a task process starts running its step's code, so that a
 * `@timeout` counts the step's own time (as Metaflow's does), not Node's start-up and the loading
 * of the flow, which a busy machine can stretch past a short limit. The scheduler passes a pipe as
 * file descriptor `METAFLOW_TS_STEP_START_FD`; a task without it (a thread, a remote task) does nothing.
 * @module
 */
import { closeSync, writeSync } from "node:fs";

const variable = "METAFLOW_TS_STEP_START_FD";
// Kept on the global object, not in this module: the process entry and the task runtime may be two
// copies of this module (the runtime is also bundled on its own).
const slot = Symbol.for("metaflow-ts.stepStartFd");
const holder = globalThis as { [slot]?: number };

/** Takes the descriptor out of the environment (the step and what it spawns do not see it); call once at process start. */
export function takeStepStartSignal(): void {
  const value = process.env[variable];
  delete process.env[variable];
  const n = Number(value);
  if (value !== undefined && Number.isInteger(n) && n > 2) holder[slot] = n;
}

/** Says "the step's code starts now" to the scheduler, once; a closed or missing pipe is ignored. */
export function announceStepStart(): void {
  const target = holder[slot];
  if (target === undefined) return;
  delete holder[slot];
  try {
    writeSync(target, "1");
    closeSync(target);
  } catch {
    // The scheduler is gone or stopped listening: the task runs on without a time limit of its own.
  }
}

/** The environment variable and descriptor number the scheduler sets for a task process. */
export const stepStartSignal = { variable, fd: 3 } as const;
