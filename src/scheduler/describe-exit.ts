/**
 * Words for how a task process ended when it did not finish by itself: a signal (with what it
 * usually means), or an exit without a record. Used in the run's events and in the task's
 * stderr log, so that `logs --stderr` says why a task died (as Metaflow's does for a segfault).
 * @module
 */

/** What a signal that ended a process usually means. */
const meanings: Readonly<Record<string, string>> = {
  SIGSEGV: "segmentation fault",
  SIGBUS: "bus error",
  SIGILL: "illegal instruction",
  SIGFPE: "floating-point exception",
  SIGABRT: "aborted",
  SIGKILL: "out of memory, or killed from outside",
};

/** `killed by SIGSEGV (segmentation fault)`. */
export function describeSignal(signal: string): string {
  const meaning = meanings[signal];
  return `killed by ${signal}${meaning === undefined ? "" : ` (${meaning})`}`;
}

/** The line appended to a dead task's stderr log. */
export function deathNotice(step: string, attempt: number, how: string): string {
  return `\nmetaflow-ts: the process of step ${step} (attempt ${attempt + 1}) was ${how}; what it printed before is above.\n`;
}
