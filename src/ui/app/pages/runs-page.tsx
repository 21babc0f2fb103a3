/**
 * `/`: the flows, and the runs of the selected flow with status, user, tags and duration;
 * filters (status, tag, user) and pages live in the URL. The first page refreshes itself.
 * @module
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { FlowsResponse, RunsResponse } from "../../api-types.js";
import { api } from "../api.js";
import { ErrorBox } from "../components/error-box.js";
import { StatusBadge } from "../components/status-badge.js";
import { TagList } from "../components/tag-list.js";
import { formatDuration, formatTime } from "../format.js";
import { Link, navigate, runHref, type Location } from "../router.js";
import { usePoll } from "../use-poll.js";

const PAGE_SIZE = 50;

function FlowList(props: { readonly flows: FlowsResponse | undefined; readonly selected: string | undefined }): JSX.Element {
  return (
    <nav class="flow-list" aria-label="Flows">
      <h2>Flows</h2>
      {props.flows === undefined ? <p class="muted">Loading…</p> : props.flows.flows.length === 0 ? <p class="muted">No runs yet. Run a flow with <code>metaflow-ts run flow.ts</code>.</p> : null}
      <ul>
        {props.flows?.flows.map((f) => (
          <li key={f.name}>
            <Link href={`/?flow=${encodeURIComponent(f.name)}`} aria-current={f.name === props.selected ? "page" : undefined}>
              <span class="flow-name">{f.name}</span>
              {f.latestRun ? <StatusBadge status={f.latestRun.status} /> : null}
            </Link>
            {f.error ? <ErrorBox error={f.error} what="this flow" /> : null}
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Filters(props: { readonly loc: Location; readonly flow: string }): JSX.Element {
  const q = props.loc.query;
  const [tag, setTag] = useState(q.get("tag") ?? "");
  const [user, setUser] = useState(q.get("user") ?? "");
  const go = (changes: Record<string, string>): void => {
    const next = new URLSearchParams(q);
    next.set("flow", props.flow);
    next.delete("cursor");
    next.delete("prev");
    for (const [k, v] of Object.entries(changes)) {
      if (v === "") next.delete(k);
      else next.set(k, v);
    }
    navigate(`/?${next.toString()}`);
  };
  return (
    <form
      class="filters"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        go({ tag: tag.trim(), user: user.trim() });
      }}
    >
      <label>
        Status{" "}
        <select value={q.get("status") ?? ""} onChange={(e) => go({ status: (e.currentTarget as HTMLSelectElement).value })}>
          <option value="">any</option>
          <option value="running">running</option>
          <option value="succeeded">succeeded</option>
          <option value="failed">failed</option>
          <option value="dead">dead</option>
        </select>
      </label>
      <label>
        Tag <input value={tag} onInput={(e) => setTag((e.currentTarget as HTMLInputElement).value)} placeholder="e.g. exp:1" />
      </label>
      <label>
        User <input value={user} onInput={(e) => setUser((e.currentTarget as HTMLInputElement).value)} placeholder="e.g. alice" />
      </label>
      <button type="submit">Filter</button>
    </form>
  );
}

function RunTable(props: { readonly flow: string; readonly data: RunsResponse }): JSX.Element {
  if (props.data.runs.length === 0) return <p class="muted">No runs match.</p>;
  return (
    <table class="runs">
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Status</th>
          <th scope="col">Started</th>
          <th scope="col">Duration</th>
          <th scope="col">User</th>
          <th scope="col">Tags</th>
        </tr>
      </thead>
      <tbody>
        {props.data.runs.map((r) => (
          <tr key={r.runId} data-run={r.runId}>
            <td>
              <Link href={runHref(r.flowName, r.runId)} class="run-id">
                {r.runId}
              </Link>
              {r.originRunId ? <span class="muted"> (resumed {r.originRunId})</span> : null}
            </td>
            <td>
              <StatusBadge status={r.status} />
            </td>
            <td>{formatTime(r.createdAt)}</td>
            <td>{formatDuration(r.durationMs)}</td>
            <td>{r.user}</td>
            <td>
              <TagList tags={r.tags} flow={props.flow} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The page. */
export function RunsPage(props: { readonly loc: Location }): JSX.Element {
  const flows = usePoll("flows", api.flows, () => true, 5000);
  const q = props.loc.query;
  const flow = q.get("flow") ?? flows.data?.flows[0]?.name;
  const cursor = q.get("cursor") ?? undefined;
  const prev = (q.get("prev") ?? "").split(",").filter((c) => c !== "");
  const query = { status: q.get("status") ?? undefined, tag: q.get("tag") ?? undefined, user: q.get("user") ?? undefined, cursor, limit: PAGE_SIZE };
  const runs = usePoll(
    `runs:${flow}:${JSON.stringify(query)}`,
    () => (flow === undefined ? Promise.resolve({ runs: [] }) : api.runs(flow, query)),
    () => flow !== undefined && cursor === undefined,
    2000,
  );
  const page = (c: string | undefined, stack: readonly string[]): string => {
    const next = new URLSearchParams(q);
    if (flow !== undefined) next.set("flow", flow);
    if (c === undefined) next.delete("cursor");
    else next.set("cursor", c);
    if (stack.length === 0) next.delete("prev");
    else next.set("prev", stack.join(","));
    return `/?${next.toString()}`;
  };
  return (
    <div class="runs-page">
      <FlowList flows={flows.data} selected={flow} />
      <section class="runs-section" aria-labelledby="runs-title">
        {flows.error ? <ErrorBox error={flows.error.error} what="the flows" /> : null}
        {flow === undefined ? null : (
          <>
            <h1 id="runs-title">{flow}</h1>
            <Filters key={`${flow}:${q.get("tag")}:${q.get("user")}`} loc={props.loc} flow={flow} />
            {runs.error ? <ErrorBox error={runs.error.error} what="the runs" /> : null}
            {runs.data ? <RunTable flow={flow} data={runs.data} /> : <p class="muted">Loading…</p>}
            <nav class="pager" aria-label="Pages">
              {cursor !== undefined ? <Link href={page(prev.at(-1) === "first" ? undefined : prev.at(-1), prev.slice(0, -1))}>← Newer runs</Link> : null}
              {runs.data?.nextCursor ? <Link href={page(runs.data.nextCursor, [...prev, cursor ?? "first"])}>Older runs →</Link> : null}
            </nav>
          </>
        )}
      </section>
    </div>
  );
}
