/**
 * `/tasks/:flow/:run/:step/:task`: one task: its attempts (pick one), exception, logs (tailed
 * while it runs), artifacts with previews and downloads, and cards.
 * @module
 */
import type { JSX } from "preact";
import type { TaskDetail } from "../../api-types.js";
import { api } from "../api.js";
import { CardsPanel } from "../components/cards-panel.js";
import { ErrorBox } from "../components/error-box.js";
import { LogView } from "../components/log-view.js";
import { StatusBadge } from "../components/status-badge.js";
import { ValueRow } from "../components/value-list.js";
import { formatBytes, formatDuration, formatTime } from "../format.js";
import { Link, runHref, taskHref, type Location } from "../router.js";
import { usePoll } from "../use-poll.js";

function Artifacts(props: { readonly detail: TaskDetail }): JSX.Element {
  const { detail } = props;
  if (detail.artifacts.length === 0) return <p class="muted">No artifacts.</p>;
  return (
    <table class="values" aria-label="Artifacts">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Type</th>
          <th scope="col">Value</th>
          <th scope="col">Size</th>
        </tr>
      </thead>
      <tbody>
        {detail.artifacts.map((a) => (
          <ValueRow
            key={a.name}
            value={a}
            extra={
              <>
                {formatBytes(a.size)}{" "}
                <a href={api.artifactUrl(detail.task.pathspec, a.name, detail.attempt)} download>
                  download<span class="visually-hidden"> {a.name}</span>
                </a>
              </>
            }
          />
        ))}
      </tbody>
    </table>
  );
}

/** The page. */
export function TaskPage(props: { readonly pathspec: string; readonly loc: Location }): JSX.Element {
  const asked = props.loc.query.get("attempt");
  const attempt = asked === null || !/^\d+$/.test(asked) ? undefined : Number(asked);
  const live = (d: TaskDetail | undefined): boolean => d === undefined || d.task.status === "running" || (attempt === undefined && d.task.attempts.at(-1)?.status === "running");
  const detail = usePoll(`task:${props.pathspec}:${attempt}`, () => api.task(props.pathspec, attempt), live);
  const [flow, run, step, task] = props.pathspec.split("/") as [string, string, string, string];
  const d = detail.data;
  const crumbs = (
    <nav class="crumbs" aria-label="Breadcrumbs">
      <Link href={`/?flow=${encodeURIComponent(flow)}`}>{flow}</Link> / <Link href={runHref(flow, run)}>{run}</Link> / {step} / {task}
    </nav>
  );
  if (d === undefined) {
    return (
      <article>
        {crumbs}
        {detail.error ? <ErrorBox error={detail.error.error} what={`task ${props.pathspec}`} /> : <p class="muted">Loading task…</p>}
      </article>
    );
  }
  const shown = d.task.attempts.find((a) => a.attempt === d.attempt);
  const running = shown?.status === "running";
  return (
    <article class="task-page">
      {crumbs}
      <header class="page-head">
        <h1>
          Task <span class="run-id">{d.task.pathspec}</span>
        </h1>
        <StatusBadge status={shown?.status ?? d.task.status} />
        {running ? <span class="live-note">updating live</span> : null}
      </header>
      {d.task.error ? <ErrorBox error={d.task.error} what="the attempts" /> : null}
      <dl class="facts">
        {d.foreachStack.length > 0 ? (
          <>
            <dt>Foreach</dt>
            <dd>{d.foreachStack.map((f) => `${f.step}[${f.index}${f.count === undefined ? "" : ` of ${f.count}`}]`).join(" › ")}</dd>
          </>
        ) : null}
        {d.task.origin ? (
          <>
            <dt>Reused from</dt>
            <dd>
              <Link href={taskHref(d.task.origin)}>{d.task.origin}</Link>
            </dd>
          </>
        ) : null}
        {shown?.startedAt ? (
          <>
            <dt>Started</dt>
            <dd>{formatTime(shown.startedAt)}</dd>
          </>
        ) : null}
        {shown?.startedAt && shown.finishedAt ? (
          <>
            <dt>Duration</dt>
            <dd>{formatDuration(Date.parse(shown.finishedAt) - Date.parse(shown.startedAt))}</dd>
          </>
        ) : null}
      </dl>
      {d.task.attempts.length > 1 ? (
        <nav class="attempts" aria-label="Attempts">
          Attempts:{" "}
          {d.task.attempts.map((a) => (
            <Link key={a.attempt} href={taskHref(d.task.pathspec, a.attempt)} aria-current={a.attempt === d.attempt ? "page" : undefined}>
              #{a.attempt} <StatusBadge status={a.status} />
            </Link>
          ))}
        </nav>
      ) : null}
      {d.exception ? (
        <section class="failure" aria-labelledby="exception-title">
          <h2 id="exception-title">
            {d.exception.name}: {d.exception.message}
          </h2>
          {d.exception.stack ? <pre class="value">{d.exception.stack}</pre> : null}
        </section>
      ) : null}
      <section aria-labelledby="logs-title">
        <h2 id="logs-title">Logs</h2>
        <h3>stdout</h3>
        <LogView pathspec={d.task.pathspec} stream="stdout" attempt={d.attempt} />
        <h3>stderr</h3>
        <LogView pathspec={d.task.pathspec} stream="stderr" attempt={d.attempt} />
      </section>
      <section aria-labelledby="artifacts-title">
        <h2 id="artifacts-title">Artifacts</h2>
        <Artifacts detail={d} />
      </section>
      <section aria-labelledby="cards-title">
        <h2 id="cards-title">Cards</h2>
        <CardsPanel pathspec={d.task.pathspec} attempt={d.attempt} live={running} />
      </section>
    </article>
  );
}
