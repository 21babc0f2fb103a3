/**
 * Prints run events as Metaflow does: one line per event, prefixed with the task
 * (`lines`), or, with `quiet`, only what a task prints, failures and the outcome. Both add a
 * periodic progress summary line (like Metaflow's "N tasks are running"), so a long run in a CI
 * log shows where it is. The live terminal display is live-progress.ts.
 * @module
 */
import type { RunEvent, TaskRef } from "../../scheduler/events.js";
import { ProgressModel } from "./progress-model.js";
import { renderProgressLine } from "./progress-render.js";

/** Writes lines (stdout for progress, stderr for task stderr). */
export interface ConsoleOut {
  out(line: string): void;
  err(line: string): void;
}

/** How a run's progress is printed. */
export type ProgressMode = "live" | "lines" | "quiet";

/** Options of {@link consoleReporter}. */
export interface ConsoleReporterOptions {
  /** `lines`: every task's start and end; `quiet`: only task output, failures and the outcome. @default "lines" */
  readonly mode?: "lines" | "quiet";
  /** Print a progress summary line this often while tasks run (0: never). @default 10000 */
  readonly summaryEveryMs?: number;
  /** The clock. @default Date.now */
  readonly now?: () => number;
}

/** The `[run/step/task (pid N)]` prefix of a task's lines (a remote task shows its job instead of a pid). */
export function taskPrefix(t: TaskRef): string {
  return `[${t.runId}/${t.step}/${t.taskId}${t.label !== undefined ? ` (${t.label})` : t.pid === undefined ? "" : ` (pid ${t.pid})`}]`;
}

/** The closing line of a run. */
export function runEndLine(e: Extract<RunEvent, { type: "run:end" }>): string {
  return e.status === "succeeded" ? "Done!" : `Run ${e.flowName}/${e.runId} failed${e.failedTask ? `: task ${e.failedTask} failed` : ""}${e.reason ? `: ${e.reason}` : ""}`;
}

/** The lines of a failed attempt. */
export function taskFailedLines(e: Extract<RunEvent, { type: "task:end" }>): string[] {
  const prefix = taskPrefix(e.task);
  const lines = [`${prefix} Task failed${e.exit ? ` (${e.exit})` : ""}.`];
  if (e.retryInSeconds !== undefined) lines.push(`${prefix} Retrying${e.retryInSeconds > 0 ? ` in ${e.retryInSeconds} seconds` : ""}.`);
  return lines;
}

/** A listener that prints each event. */
export function consoleReporter(io: ConsoleOut, options: ConsoleReporterOptions = {}): (e: RunEvent) => void {
  const quiet = options.mode === "quiet";
  const now = options.now ?? Date.now;
  const every = options.summaryEveryMs ?? 10_000;
  const model = new ProgressModel();
  let timer: NodeJS.Timeout | undefined;
  let changed = false;
  const summary = (): void => {
    if (!changed) return;
    changed = false;
    io.out(renderProgressLine(model.snapshot(), model.startedAt, now()));
  };
  return (e) => {
    model.apply(e, now());
    if (e.type !== "task:log") changed = true;
    switch (e.type) {
      case "run:start":
        io.out(`Workflow starting (run-id ${e.runId}): ${e.flowName}${e.originRunId ? `, resuming run ${e.originRunId}` : ""}`);
        if (every > 0) timer = setInterval(summary, every).unref();
        return;
      case "task:queued":
        return;
      case "task:start":
        if (!quiet) io.out(`${taskPrefix(e.task)} Task is starting${e.task.attempt > 0 ? ` (retry ${e.task.attempt})` : ""}.`);
        return;
      case "task:log":
        (e.stream === "stdout" ? io.out : io.err)(`${taskPrefix(e.task)} ${e.line}`);
        return;
      case "task:end":
        if (e.status === "ok") {
          if (!quiet) io.out(`${taskPrefix(e.task)} Task finished successfully.`);
        } else for (const line of taskFailedLines(e)) io.out(line);
        return;
      case "task:reused":
        if (!quiet) io.out(`${taskPrefix(e.task)} Reusing the results of ${e.origin}.`);
        return;
      case "run:message":
        io.out(e.message);
        return;
      case "run:end":
        clearInterval(timer);
        if (quiet) {
          changed = true;
          summary();
        }
        io.out(runEndLine(e));
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  };
}
