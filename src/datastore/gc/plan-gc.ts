/**
 * Which runs `gc` deletes. Pure: takes the runs of one flow, newest first, and the user's criteria.
 * @module
 */
import { ErrorCode, MetaflowError } from "../../errors.js";

/** What gc knows about a run. `unfinished`: no end record (running, or its scheduler died). */
export interface GcRunInfo {
  readonly runId: string;
  readonly createdAt: Date;
  readonly status: "succeeded" | "failed" | "unfinished";
}

/** What to delete. A run is deleted only when it matches every criterion given. */
export interface GcCriteria {
  /** Delete runs created before this time. */
  readonly olderThan?: Date;
  /** Keep the newest N runs; delete the others. */
  readonly keepLast?: number;
  /** Also delete the latest successful run and unfinished runs when they match. */
  readonly force?: boolean;
}

/** The decision for one flow. */
export interface GcRunPlan {
  readonly remove: readonly GcRunInfo[];
  /** Runs that matched the criteria but are kept, and why. */
  readonly protected: readonly { readonly run: GcRunInfo; readonly reason: string }[];
  readonly keep: readonly GcRunInfo[];
}

/** Checks the criteria: at least one of `olderThan` / `keepLast`, and sane values. */
export function validateGcCriteria(c: GcCriteria): void {
  if (c.olderThan === undefined && c.keepLast === undefined) {
    throw new MetaflowError(ErrorCode.UsageError, "gc needs --older-than DATE and/or --keep-last N to know which runs to delete (or --cache to clear only the code-package cache).");
  }
  if (c.olderThan !== undefined && Number.isNaN(c.olderThan.getTime())) throw new MetaflowError(ErrorCode.UsageError, "gc --older-than: invalid date.");
  if (c.keepLast !== undefined && (!Number.isInteger(c.keepLast) || c.keepLast < 0)) {
    throw new MetaflowError(ErrorCode.UsageError, `gc --keep-last must be a whole number ≥ 0; got ${c.keepLast}.`);
  }
}

/** Splits the runs of one flow (newest first) into those to delete, protected and kept. */
export function planRunDeletion(runs: readonly GcRunInfo[], c: GcCriteria): GcRunPlan {
  validateGcCriteria(c);
  const latestSuccessful = runs.find((r) => r.status === "succeeded");
  const remove: GcRunInfo[] = [];
  const keep: GcRunInfo[] = [];
  const kept: { run: GcRunInfo; reason: string }[] = [];
  runs.forEach((run, i) => {
    const matches = (c.keepLast === undefined || i >= c.keepLast) && (c.olderThan === undefined || run.createdAt.getTime() < c.olderThan.getTime());
    if (!matches) keep.push(run);
    else if (!c.force && run === latestSuccessful) kept.push({ run, reason: "the latest successful run (pass --force to delete it)" });
    else if (!c.force && run.status === "unfinished") kept.push({ run, reason: "no end record: still running, or its scheduler died (pass --force to delete it)" });
    else remove.push(run);
  });
  return { remove, protected: kept, keep: [...keep, ...kept.map((k) => k.run)] };
}

/**
 * Parses `--older-than`: an ISO date (`2026-01-31`, `2026-01-31T12:00Z`) or an age (`30d`, `12h`,
 * `45m`, `2w`) counted back from `now`.
 */
export function parseOlderThan(text: string, now: Date = new Date()): Date {
  const age = /^(\d+(?:\.\d+)?)\s*([mhdw])$/.exec(text.trim());
  if (age) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[age[2] as "m" | "h" | "d" | "w"];
    return new Date(now.getTime() - Number(age[1]) * unit);
  }
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    throw new MetaflowError(ErrorCode.UsageError, `gc --older-than '${text}': use a date (2026-01-31, 2026-01-31T12:00Z) or an age (30d, 12h, 45m, 2w).`);
  }
  return date;
}
