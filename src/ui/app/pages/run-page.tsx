/**
 * `/runs/:flow/:run`: the run's status, tags (editable), graph with the state of each step,
 * the timeline of its tasks and attempts, parameters and configs. Refreshes itself while the
 * run is going.
 * @module
 */
import type { JSX } from "preact";
import type { RunDetail } from "../../api-types.js";
import { api } from "../api.js";
import { ErrorBox } from "../components/error-box.js";
import { GraphView } from "../components/graph-view.js";
import { StatusBadge } from "../components/status-badge.js";
import { TagEditor } from "../components/tag-editor.js";
import { TagList } from "../components/tag-list.js";
import { Timeline } from "../components/timeline.js";
import { ValueList } from "../components/value-list.js";
import { formatDuration, formatTime } from "../format.js";
import { Link } from "../router.js";
import { usePoll } from "../use-poll.js";

/** The page. */
export function RunPage(props: { readonly flow: string; readonly run: string }): JSX.Element {
  const key = `${props.flow}/${props.run}`;
  const running = (d: RunDetail | undefined): boolean => d === undefined || d.run.status === "running";
  const detail = usePoll(`run:${key}`, () => api.run(props.flow, props.run), running);
  const live = detail.data?.run.status === "running";
  const tasks = usePoll(`tasks:${key}:${live ? "live" : "ended"}`, () => api.runTasks(props.flow, props.run), () => live);
  const d = detail.data;
  if (d === undefined) return detail.error ? <ErrorBox error={detail.error.error} what={`run ${key}`} /> : <p class="muted">Loading run {key}…</p>;
  const r = d.run;
  const end = r.endedAt ? Date.parse(r.endedAt) : Date.now();
  return (
    <article class="run-page">
      <nav class="crumbs" aria-label="Breadcrumbs">
        <Link href={`/?flow=${encodeURIComponent(r.flowName)}`}>{r.flowName}</Link> / <span class="run-id">{r.runId}</span>
      </nav>
      <header class="page-head">
        <h1>
          Run <span class="run-id">{r.pathspec}</span>
        </h1>
        <StatusBadge status={r.status} />
        {live ? <span class="live-note">updating live</span> : null}
      </header>
      {detail.error ? <ErrorBox error={detail.error.error} what="the latest state" /> : null}
      <dl class="facts">
        <dt>User</dt>
        <dd>{r.user}</dd>
        <dt>Started</dt>
        <dd>{formatTime(r.createdAt)}</dd>
        <dt>Duration</dt>
        <dd>
          {formatDuration(r.durationMs)}
          {live ? " so far" : ""}
        </dd>
        <dt>Flow file</dt>
        <dd>
          <code>{d.flowFile}</code>
        </dd>
        {r.originRunId ? (
          <>
            <dt>Resumed from</dt>
            <dd>
              <Link href={`/runs/${encodeURIComponent(r.flowName)}/${encodeURIComponent(r.originRunId)}`}>{r.originRunId}</Link>
            </dd>
          </>
        ) : null}
        <dt>System tags</dt>
        <dd>
          <TagList tags={[]} systemTags={r.systemTags} />
        </dd>
      </dl>
      {r.failure ? (
        <div class="failure" role="alert">
          <strong>Failed</strong>
          {r.failure.task ? (
            <>
              {" "}
              in <Link href={`/tasks/${r.failure.task.split("/").map(encodeURIComponent).join("/")}`}>{r.failure.task}</Link>
            </>
          ) : null}
          {r.failure.reason ? <pre class="value">{r.failure.reason}</pre> : null}
        </div>
      ) : null}
      <section aria-labelledby="tags-title">
        <h2 id="tags-title">Tags</h2>
        <TagEditor run={r} onChange={() => detail.reload()} />
      </section>
      <section aria-labelledby="graph-title">
        <h2 id="graph-title">Graph</h2>
        {tasks.error ? <ErrorBox error={tasks.error.error} what="the tasks" /> : null}
        <div class="graph-wrap">
          <GraphView graph={d.graph} steps={tasks.data?.steps} tasks={tasks.data?.tasks ?? []} />
        </div>
      </section>
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline {tasks.data ? <span class="muted">({tasks.data.tasks.length} tasks)</span> : null}</h2>
        {tasks.data ? <Timeline tasks={tasks.data.tasks} from={Date.parse(r.createdAt)} to={end} /> : <p class="muted">Loading tasks…</p>}
      </section>
      <section aria-labelledby="params-title">
        <h2 id="params-title">Parameters</h2>
        {d.parametersError ? <ErrorBox error={d.parametersError} what="the parameters" /> : null}
        <ValueList values={d.parameters} label="Parameters" empty="No parameters." />
      </section>
      <section aria-labelledby="configs-title">
        <h2 id="configs-title">Configs</h2>
        <ValueList values={d.configs} label="Configs" empty="No configs." />
      </section>
    </article>
  );
}
