/**
 * Renders progress: a table for the live display (one row per step: done / running / queued /
 * failed, elapsed, rate) and a one-line summary for logs and `--quiet`
 * ("3 tasks running, 586 queued; body 412/1000 done..."). Pure.
 * @module
 */
import type { StepProgress } from "./progress-model.js";
import { renderTable } from "./table.js";

/** Seconds, as `0.4s`, `12.3s`, `4m05s`, `1h02m`. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.floor(s % 60)).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

/** Tasks per second of a step: finished tasks over the time since its first start. */
export function stepRate(s: StepProgress, now: number): number | undefined {
  if (s.startedAt === undefined) return undefined;
  const end = s.running === 0 && s.queued === 0 && s.lastEndedAt !== undefined ? s.lastEndedAt : now;
  const seconds = (end - s.startedAt) / 1000;
  const finished = s.done - s.reused + s.failed;
  return seconds > 0 && finished > 0 ? finished / seconds : undefined;
}

function stepElapsed(s: StepProgress, now: number): string {
  if (s.startedAt === undefined) return "";
  const end = s.running === 0 && s.queued === 0 && s.lastEndedAt !== undefined ? s.lastEndedAt : now;
  return formatElapsed(end - s.startedAt);
}

/** The live display: a header line and one row per step. */
export function renderProgressTable(runLabel: string, steps: readonly StepProgress[], startedAt: number | undefined, now: number): string[] {
  const totals = sum(steps);
  const head = `${runLabel}: ${totals.done} done, ${totals.running} running, ${totals.queued} queued${totals.failed > 0 ? `, ${totals.failed} failed` : ""}${startedAt === undefined ? "" : ` (${formatElapsed(now - startedAt)})`}`;
  const rows = steps.map((s) => {
    const rate = stepRate(s, now);
    return [s.step, String(s.done), String(s.running), String(s.queued), String(s.failed), stepElapsed(s, now), rate === undefined ? "" : `${rate < 10 ? rate.toFixed(1) : Math.round(rate)}/s`];
  });
  return [head, ...renderTable(["STEP", "DONE", "RUNNING", "QUEUED", "FAILED", "ELAPSED", "RATE"], rows).map((l) => `  ${l}`)];
}

/** One line for logs: totals, then each step that is not finished (or every step at the end). */
export function renderProgressLine(steps: readonly StepProgress[], startedAt: number | undefined, now: number): string {
  const t = sum(steps);
  const active = steps.filter((s) => s.running > 0 || s.queued > 0);
  const detail = (active.length > 0 ? active : steps).map((s) => {
    const rate = stepRate(s, now);
    return `${s.step} ${s.done}/${s.done + s.running + s.queued + s.failed}${s.failed > 0 ? ` (${s.failed} failed)` : ""}${rate === undefined ? "" : ` ${rate < 10 ? rate.toFixed(1) : Math.round(rate)}/s`}`;
  });
  const elapsed = startedAt === undefined ? "" : ` after ${formatElapsed(now - startedAt)}`;
  return `Progress${elapsed}: ${t.running} task${t.running === 1 ? "" : "s"} running, ${t.queued} queued, ${t.done} done${t.failed > 0 ? `, ${t.failed} failed` : ""}; ${detail.join(", ")}`;
}

function sum(steps: readonly StepProgress[]): { done: number; running: number; queued: number; failed: number } {
  return steps.reduce((a, s) => ({ done: a.done + s.done, running: a.running + s.running, queued: a.queued + s.queued, failed: a.failed + s.failed }), { done: 0, running: 0, queued: 0, failed: 0 });
}
