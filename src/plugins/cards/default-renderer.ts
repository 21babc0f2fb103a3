/**
 * The `default` card: what the step appended, the task's status and timings, the run's
 * parameters, the task's artifacts with previews, and the graph with the task's step marked.
 * @module
 */
import type { CardArtifact, CardRenderer, CardRenderInput, CardTaskInfo } from "../../flow/card-renderer.js";
import { html, type SafeHtml } from "./html/escape.js";
import { cardPage } from "./html/page.js";
import { renderComponents } from "./html/render-components.js";
import { formatBytes } from "../../format/byte-size.js";
import { formatDuration, previewHtml } from "./html/value-preview.js";
import { graphSvg } from "./graph-svg.js";

/** Artifacts larger than this (stored bytes) are listed without loading a preview. */
export const PREVIEW_MAX_BYTES = 1024 * 1024;

/** Renders `default` cards. */
export const defaultCardRenderer: CardRenderer = {
  type: "default",
  async render(input: CardRenderInput): Promise<string> {
    const { task } = input;
    const components = input.components.length === 0 ? "" : html`<section aria-label="Card contents">${await renderComponents(input.components)}</section>`;
    const parameters = input.parameters.length === 0 ? html`<p class="mf-muted">This run has no parameters.</p>` : await artifactTable(input.parameters, "Parameter");
    const artifacts =
      task.status === "running" ? html`<p class="mf-muted">Artifacts are shown once the task ends.</p>`
      : input.artifacts.length === 0 ? html`<p class="mf-muted">No artifacts${task.status === "failed" ? " (the task failed before storing any)" : ""}.</p>`
      : await artifactTable(input.artifacts, "Artifact");
    const title = `${task.pathspec}${input.id === undefined ? "" : ` · ${input.id}`}`;
    return cardPage(
      title,
      html`<header><h1>${task.stepName} <span class="mf-muted">· task ${task.taskId}</span></h1>
<p class="mf-sub">${task.pathspec}${input.id === undefined ? "" : ` · card ${input.id}`}</p></header>
${components}
<h2>Task</h2>${facts(task)}
<h2>Parameters</h2>${parameters}
<h2>Artifacts</h2>${artifacts}
<h2>Graph</h2><div class="mf-graph">${graphSvg(input.graph, task.stepName)}</div>`,
    );
  },
};

function facts(task: CardTaskInfo): SafeHtml {
  const started = Date.parse(task.startedAt);
  const ended = task.finishedAt === undefined ? Date.now() : Date.parse(task.finishedAt);
  const duration = Number.isFinite(started) && Number.isFinite(ended) ? formatDuration(Math.max(0, ended - started)) : "unknown";
  return html`<dl class="mf-facts">
<dt>Status</dt><dd class="mf-status-${task.status}">${task.status}</dd>
<dt>Attempt</dt><dd>${task.attempt}</dd>
<dt>Started</dt><dd><time datetime="${task.startedAt}">${task.startedAt}</time></dd>
${task.finishedAt === undefined ? "" : html`<dt>Finished</dt><dd><time datetime="${task.finishedAt}">${task.finishedAt}</time></dd>`}
<dt>${task.finishedAt === undefined ? "Running for" : "Duration"}</dt><dd>${duration}</dd>
${task.error === undefined ? "" : html`<dt>Error</dt><dd><pre>${task.error.name}: ${task.error.message}</pre></dd>`}
</dl>`;
}

async function artifactTable(list: readonly CardArtifact[], what: string): Promise<SafeHtml> {
  const rows = await Promise.all(
    [...list].sort((a, b) => a.name.localeCompare(b.name)).map(async (a) => html`<tr><th scope="row"><code>${a.name}</code></th><td>${a.type}</td><td>${a.size === undefined ? "" : formatBytes(a.size)}</td><td>${await preview(a)}</td></tr>\n`),
  );
  return html`<table><thead><tr><th scope="col">${what}</th><th scope="col">Type</th><th scope="col">Size</th><th scope="col">Value</th></tr></thead><tbody>${rows}</tbody></table>`;
}

async function preview(a: CardArtifact): Promise<SafeHtml> {
  if (a.size !== undefined && a.size > PREVIEW_MAX_BYTES) return html`<span class="mf-muted">not previewed (${formatBytes(a.size)})</span>`;
  try {
    return previewHtml(await a.load());
  } catch (e) {
    return html`<span class="mf-error">could not be read: ${e instanceof Error ? e.message : String(e)}</span>`;
  }
}
