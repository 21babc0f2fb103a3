/**
 * The run's tasks on a time axis, one row per task (in step order), one bar per attempt, each
 * with its status in words. Long runs show the first rows and a button for the rest.
 * @module
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { AttemptInfo, TaskSummary } from "../../api-types.js";
import { formatDuration } from "../format.js";
import { Link, taskHref } from "../router.js";
import { StatusBadge } from "./status-badge.js";

const FIRST_ROWS = 100;

function span(a: AttemptInfo, now: number): { start: number; end: number } | undefined {
  if (a.startedAt === undefined) return undefined;
  const start = Date.parse(a.startedAt);
  return { start, end: a.finishedAt ? Date.parse(a.finishedAt) : now };
}

/** The timeline; `from` is the run's start, `to` its end (now while it runs). */
export function Timeline(props: { readonly tasks: readonly TaskSummary[]; readonly from: number; readonly to: number }): JSX.Element {
  const [all, setAll] = useState(false);
  const total = Math.max(1, props.to - props.from);
  const rows = all ? props.tasks : props.tasks.slice(0, FIRST_ROWS);
  return (
    <div class="timeline">
      <table>
        <caption class="visually-hidden">Tasks and attempts over time, from the start of the run ({formatDuration(total)} shown)</caption>
        <thead>
          <tr>
            <th scope="col">Task</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col" class="track-head">
              <span>0s</span>
              <span>{formatDuration(total)}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => {
            const last = t.attempts.at(-1);
            const spanOfLast = last ? span(last, props.to) : undefined;
            return (
              <tr key={t.pathspec} data-task={t.pathspec}>
                <th scope="row">
                  <Link href={taskHref(t.pathspec)}>
                    {t.stepName}/{t.taskId}
                  </Link>
                  {t.index === undefined ? null : <span class="muted"> [{t.index}]</span>}
                </th>
                <td>
                  <StatusBadge status={t.status} />
                </td>
                <td>
                  {t.attempts.length}
                  {spanOfLast ? <span class="muted"> · {formatDuration(spanOfLast.end - spanOfLast.start)}</span> : null}
                </td>
                <td class="track">
                  {t.attempts.map((a) => {
                    const s = span(a, props.to);
                    if (s === undefined) return null;
                    const left = ((s.start - props.from) / total) * 100;
                    const width = Math.max(0.4, ((s.end - s.start) / total) * 100);
                    const label = `attempt ${a.attempt}: ${a.status}, ${formatDuration(s.end - s.start)}${a.error ? ` (${a.error.name}: ${a.error.message})` : ""}`;
                    return (
                      <Link
                        key={a.attempt}
                        href={taskHref(t.pathspec, a.attempt)}
                        class={`bar bar-${a.status}`}
                        style={{ left: `${Math.max(0, Math.min(left, 99.6))}%`, width: `${Math.min(width, 100 - Math.max(0, left))}%` }}
                        title={label}
                        aria-label={`${t.stepName}/${t.taskId} ${label}`}
                      >
                        {" "}
                      </Link>
                    );
                  })}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {props.tasks.length > rows.length ? (
        <button type="button" onClick={() => setAll(true)}>
          Show all {props.tasks.length} tasks
        </button>
      ) : null}
    </div>
  );
}
