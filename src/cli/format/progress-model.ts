/**
 * What a progress display shows, folded from the run's events: per step, how many tasks are
 * done, running, queued and failed, when the step's first task started and its latest ended.
 * Pure (time comes in as an argument); memory is one small record per step and per running task.
 * @module
 */
import type { RunEvent } from "../../scheduler/events.js";

/** The counts of one step. */
export interface StepProgress {
  readonly step: string;
  readonly done: number;
  readonly running: number;
  readonly queued: number;
  readonly failed: number;
  /** Reused from the origin run by a resume (also counted in `done`). */
  readonly reused: number;
  /** When its first task started (ms), if one did. */
  readonly startedAt?: number;
  /** When its latest task ended (ms). */
  readonly lastEndedAt?: number;
}

interface MutableStep {
  step: string;
  done: number;
  running: number;
  queued: number;
  failed: number;
  reused: number;
  startedAt?: number;
  lastEndedAt?: number;
}

/** Folds run events into per-step counts. */
export class ProgressModel {
  private readonly steps = new Map<string, MutableStep>();
  /** When the run started (ms). */
  startedAt: number | undefined;
  /** Set once the run ended. */
  ended: { readonly status: "succeeded" | "failed"; readonly at: number } | undefined;

  /** Applies one event that happened at `now` (ms). */
  apply(e: RunEvent, now: number): void {
    switch (e.type) {
      case "run:start":
        this.startedAt = now;
        return;
      case "task:queued":
        this.at(e.step).queued += 1;
        return;
      case "task:start": {
        const s = this.at(e.task.step);
        s.queued = Math.max(0, s.queued - 1);
        s.running += 1;
        s.startedAt ??= now;
        return;
      }
      case "task:end": {
        const s = this.at(e.task.step);
        s.running = Math.max(0, s.running - 1);
        s.lastEndedAt = now;
        if (e.status === "ok") s.done += 1;
        else if (e.retryInSeconds !== undefined) s.queued += 1; // it will run again
        else s.failed += 1;
        return;
      }
      case "task:reused": {
        const s = this.at(e.task.step);
        s.queued = Math.max(0, s.queued - 1);
        s.done += 1;
        s.reused += 1;
        s.startedAt ??= now;
        s.lastEndedAt = now;
        return;
      }
      case "run:end":
        this.ended = { status: e.status, at: now };
        return;
      case "task:log":
      case "run:message":
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  /** The steps seen so far, in the order their first task was queued. */
  snapshot(): StepProgress[] {
    return [...this.steps.values()].map((s) => ({ ...s }));
  }

  private at(step: string): MutableStep {
    let s = this.steps.get(step);
    if (s === undefined) {
      s = { step, done: 0, running: 0, queued: 0, failed: 0, reused: 0 };
      this.steps.set(step, s);
    }
    return s;
  }
}
