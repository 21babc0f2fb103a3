/**
 * The flow graph as an inline SVG, top to bottom, with one step highlighted. Steps are placed in
 * layers by their longest distance from `start` (loops of a recursive switch drawn as curves
 * back up). The highlighted step is marked in text too ("this step"), not by colour alone.
 * @module
 */
import type { FlowGraph, Transition } from "../../graph/types.js";
import { html, type SafeHtml } from "./html/escape.js";

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
}

const BOX_W = 150;
const BOX_H = 40;
const GAP_X = 30;
const GAP_Y = 46;
const PAD = 16;

/** The graph's edges, in the order of its steps. */
export function graphEdges(graph: FlowGraph): Edge[] {
  const edges: Edge[] = [];
  for (const name of graph.order) {
    const node = graph.steps[name];
    if (node !== undefined) edges.push(...edgesOf(name, node.transition));
  }
  return edges.filter((e) => graph.steps[e.to] !== undefined);
}

function edgesOf(from: string, t: Transition): Edge[] {
  switch (t.kind) {
    case "linear":
      return [{ from, to: t.to }];
    case "branch":
      return t.to.map((to) => ({ from, to }));
    case "foreach":
      return [{ from, to: t.to, label: `foreach ${t.over}` }];
    case "switch":
      return Object.entries(t.cases).map(([value, to]) => ({ from, to, label: value }));
    case "end":
      return [];
  }
}

/** Layer of each step: longest path from `start` over forward edges (edges back to an ancestor are loops). */
export function layerSteps(graph: FlowGraph, edges: readonly Edge[]): { layers: Map<string, number>; back: Set<Edge> } {
  const out = new Map<string, Edge[]>();
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e]);
  const back = new Set<Edge>();
  const state = new Map<string, "open" | "done">();
  const postorder: string[] = [];
  const visit = (name: string): void => {
    state.set(name, "open");
    for (const e of out.get(name) ?? []) {
      const s = state.get(e.to);
      if (s === "open") back.add(e);
      else if (s === undefined) visit(e.to);
    }
    state.set(name, "done");
    postorder.push(name);
  };
  for (const name of graph.order) if (!state.has(name)) visit(name);
  const layers = new Map<string, number>();
  for (const name of postorder.reverse()) {
    layers.set(name, layers.get(name) ?? 0);
    for (const e of out.get(name) ?? []) {
      if (back.has(e)) continue;
      layers.set(e.to, Math.max(layers.get(e.to) ?? 0, (layers.get(name) ?? 0) + 1));
    }
  }
  return { layers, back };
}

/** The graph as SVG; `highlight` names the step to mark. */
export function graphSvg(graph: FlowGraph, highlight: string | undefined): SafeHtml {
  const edges = graphEdges(graph);
  const { layers, back } = layerSteps(graph, edges);
  const rows: string[][] = [];
  for (const name of graph.order) {
    const layer = layers.get(name) ?? 0;
    (rows[layer] ??= []).push(name);
  }
  const widest = Math.max(1, ...rows.map((r) => r?.length ?? 0));
  const width = PAD * 2 + widest * BOX_W + (widest - 1) * GAP_X + 60;
  const height = PAD * 2 + rows.length * BOX_H + Math.max(0, rows.length - 1) * GAP_Y;
  const pos = new Map<string, { x: number; y: number }>();
  rows.forEach((row, layer) => {
    const rowWidth = row.length * BOX_W + (row.length - 1) * GAP_X;
    const left = (width - 60 - rowWidth) / 2;
    row.forEach((name, i) => pos.set(name, { x: left + i * (BOX_W + GAP_X), y: PAD + layer * (BOX_H + GAP_Y) }));
  });
  const edgeSvg = edges.map((e) => {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (a === undefined || b === undefined) return "";
    if (back.has(e)) {
      const x1 = a.x + BOX_W;
      const y1 = a.y + BOX_H / 2;
      const x2 = b.x + BOX_W;
      const y2 = b.y + BOX_H / 2;
      const bend = Math.max(x1, x2) + 50;
      return html`<path class="edge loop" d="M${x1},${y1} C${bend},${y1} ${bend},${y2} ${x2 + 6},${y2}" marker-end="url(#mf-arrow)"/>${labelSvg(e.label, bend - 10, (y1 + y2) / 2)}`;
    }
    const x1 = a.x + BOX_W / 2;
    const y1 = a.y + BOX_H;
    const x2 = b.x + BOX_W / 2;
    const y2 = b.y - 6;
    const my = (y1 + y2) / 2;
    return html`<path class="edge" d="M${x1},${y1} C${x1},${my} ${x2},${my} ${x2},${y2}" marker-end="url(#mf-arrow)"/>${labelSvg(e.label, (x1 + x2) / 2 + 4, my)}`;
  });
  const nodeSvg = graph.order.map((name) => {
    const p = pos.get(name);
    if (p === undefined) return "";
    const current = name === highlight;
    const text = current ? `${name} (this step)` : name;
    return html`<g class="step${current ? " current" : ""}"${current ? html` aria-current="step"` : ""}><title>${text}</title><rect x="${p.x}" y="${p.y}" width="${BOX_W}" height="${BOX_H}" rx="6"/><text x="${p.x + BOX_W / 2}" y="${p.y + (current ? 17 : BOX_H / 2 + 5)}" text-anchor="middle">${clip(name, 20)}</text>${current ? html`<text class="note" x="${p.x + BOX_W / 2}" y="${p.y + 32}" text-anchor="middle">this step</text>` : ""}</g>`;
  });
  const label = `Graph of ${graph.flowName}: ${graph.order.join(", ")}${highlight === undefined ? "" : `; this task's step: ${highlight}`}`;
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${label}">
<defs><marker id="mf-arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#8c959f"/></marker></defs>
<style>.edge{fill:none;stroke:#8c959f;stroke-width:1.5}.loop{stroke-dasharray:4 3}.step rect{fill:#f6f8fa;stroke:#8c959f;stroke-width:1.2}.step text{font:13px system-ui,sans-serif;fill:#1f2328}.step.current rect{fill:#ddf4ff;stroke:#0969da;stroke-width:3}.step.current text{font-weight:700}.step .note{font-size:11px;font-weight:400;fill:#0969da}.elabel{font:11px system-ui,sans-serif;fill:#59636e}</style>
${edgeSvg}
${nodeSvg}
</svg>`;
}

function labelSvg(label: string | undefined, x: number, y: number): SafeHtml | "" {
  return label === undefined ? "" : html`<text class="elabel" x="${x}" y="${y}">${clip(label, 24)}</text>`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
