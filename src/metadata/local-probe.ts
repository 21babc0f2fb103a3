/**
 * The liveness probe of this machine: its host name, the clock, and a signal-0 check of a pid.
 * @module
 */
import os from "node:os";
import type { LivenessProbe } from "./run-status.js";

/** Whether a process with this pid exists on this machine (a process we may not signal counts as alive). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The probe for this machine, now. */
export function localProbe(): LivenessProbe {
  return { now: Date.now(), host: os.hostname(), isProcessAlive };
}

/** Identifies the current process as a run's scheduler. */
export function currentScheduler(): { readonly host: string; readonly pid: number; readonly startedAt: string } {
  return { host: os.hostname(), pid: process.pid, startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString() };
}
