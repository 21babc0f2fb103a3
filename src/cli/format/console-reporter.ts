/**
 * Prints run events as Metaflow does: one line per event, prefixed with the task.
 * @module
 */
import type { RunEvent, TaskRef } from "../../scheduler/events.js";

/** Writes lines (stdout for progress, stderr for task stderr). */
export interface ConsoleOut {
  out(line: string): void;
  err(line: string): void;
}

/** A listener that prints each event. */
export function consoleReporter(io: ConsoleOut): (e: RunEvent) => void {
  const prefix = (t: TaskRef): string => `[${t.runId}/${t.step}/${t.taskId}${t.label !== undefined ? ` (${t.label})` : t.pid === undefined ? "" : ` (pid ${t.pid})`}]`;
  return (e) => {
    switch (e.type) {
      case "run:start":
        io.out(`Workflow starting (run-id ${e.runId}): ${e.flowName}${e.originRunId ? `, resuming run ${e.originRunId}` : ""}`);
        return;
      case "task:start":
        io.out(`${prefix(e.task)} Task is starting${e.task.attempt > 0 ? ` (retry ${e.task.attempt})` : ""}.`);
        return;
      case "task:log":
        (e.stream === "stdout" ? io.out : io.err)(`${prefix(e.task)} ${e.line}`);
        return;
      case "task:end":
        if (e.status === "ok") io.out(`${prefix(e.task)} Task finished successfully.`);
        else {
          io.out(`${prefix(e.task)} Task failed${e.exit ? ` (${e.exit})` : ""}.`);
          if (e.retryInSeconds !== undefined) io.out(`${prefix(e.task)} Retrying${e.retryInSeconds > 0 ? ` in ${e.retryInSeconds} seconds` : ""}.`);
        }
        return;
      case "task:reused":
        io.out(`${prefix(e.task)} Reusing the results of ${e.origin}.`);
        return;
      case "run:message":
        io.out(e.message);
        return;
      case "run:end":
        if (e.status === "succeeded") io.out("Done!");
        else io.out(`Run ${e.flowName}/${e.runId} failed${e.failedTask ? `: task ${e.failedTask} failed` : ""}${e.reason ? `: ${e.reason}` : ""}`);
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  };
}
