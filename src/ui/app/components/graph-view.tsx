/**
 * The run's graph as an SVG: one box per step, laid out in layers from `start`, each with its
 * status in words and its task count (a foreach body shows how many tasks it split into). Each
 * box links to the step's first task. Loops of a switch are drawn dashed.
 * @module
 */
import type { JSX } from "preact";
import type { GraphStep, StepState, TaskSummary } from "../../api-types.js";
import { taskHref } from "../router.js";

const W = 190;
const H = 58;
const GAP_X = 28;
const GAP_Y = 46;
const PAD = 12;

interface Placed {
  readonly step: GraphStep;
  readonly x: number;
  readonly y: number;
}

/** Layers: a step sits one layer below the furthest step that leads to it (back edges ignored). */
function layout(graph: readonly GraphStep[]): { placed: Map<string, Placed>; width: number; height: number } {
  const order = new Map(graph.map((s, i) => [s.name, i]));
  const layer = new Map<string, number>(graph.map((s) => [s.name, 0]));
  for (const s of graph) {
    for (const n of s.next) {
      if ((order.get(n) ?? -1) > (order.get(s.name) ?? 0)) layer.set(n, Math.max(layer.get(n) ?? 0, (layer.get(s.name) ?? 0) + 1));
    }
  }
  const rows: GraphStep[][] = [];
  for (const s of graph) (rows[layer.get(s.name) ?? 0] ??= []).push(s);
  const widest = Math.max(1, ...rows.map((r) => r?.length ?? 0));
  const width = PAD * 2 + widest * W + (widest - 1) * GAP_X;
  const placed = new Map<string, Placed>();
  rows.forEach((row, r) => {
    const rowWidth = row.length * W + (row.length - 1) * GAP_X;
    row.forEach((step, c) => placed.set(step.name, { step, x: (width - rowWidth) / 2 + c * (W + GAP_X), y: PAD + r * (H + GAP_Y) }));
  });
  return { placed, width, height: PAD * 2 + rows.length * H + (rows.length - 1) * GAP_Y };
}

function edgePath(from: Placed, to: Placed): { d: string; back: boolean } {
  if (to.y > from.y) {
    const x1 = from.x + W / 2;
    const y1 = from.y + H;
    const x2 = to.x + W / 2;
    const y2 = to.y;
    const my = (y1 + y2) / 2;
    return { d: `M${x1},${y1} C${x1},${my} ${x2},${my} ${x2},${y2 - 4}`, back: false };
  }
  const x1 = from.x + W;
  const y1 = from.y + H / 2;
  const x2 = to.x + W;
  const y2 = to.y + H / 2;
  const bend = Math.max(x1, x2) + 40;
  return { d: `M${x1},${y1} C${bend},${y1} ${bend},${y2} ${x2 + 4},${y2}`, back: true };
}

/** The graph. */
export function GraphView(props: { readonly graph: readonly GraphStep[]; readonly steps: readonly StepState[] | undefined; readonly tasks: readonly TaskSummary[] }): JSX.Element {
  const { placed, width, height } = layout(props.graph);
  const states = new Map((props.steps ?? []).map((s) => [s.name, s]));
  const firstTask = new Map<string, TaskSummary>();
  for (const t of props.tasks) if (!firstTask.has(t.stepName)) firstTask.set(t.stepName, t);
  return (
    <svg class="graph" viewBox={`0 0 ${width + 60} ${height}`} width={width + 60} height={height} aria-label="Steps of the run">
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" class="arrow-head" />
        </marker>
      </defs>
      {props.graph.flatMap((s) =>
        s.next.map((n) => {
          const a = placed.get(s.name);
          const b = placed.get(n);
          if (a === undefined || b === undefined) return null;
          const { d, back } = edgePath(a, b);
          return <path key={`${s.name}->${n}`} d={d} class={back ? "edge edge-back" : "edge"} marker-end="url(#arrow)" />;
        }),
      )}
      {[...placed.values()].map(({ step, x, y }) => {
        const st = states.get(step.name);
        // until the tasks are loaded, the graph shows without states
        const status = props.steps === undefined ? "loading" : (st?.status ?? "pending");
        const count = props.steps === undefined ? "…" : st === undefined || st.tasks === 0 ? "no tasks yet" : st.tasks === 1 ? "1 task" : `${st.tasks} tasks${st.running > 0 ? `, ${st.running} running` : ""}${st.failed > 0 ? `, ${st.failed} failed` : ""}`;
        const kind = step.kind === "foreach" ? `foreach over ${step.foreachOver}` : step.kind === "switch" ? "switch" : step.kind === "branch" ? "split" : step.join ? "join" : "";
        const label = `step ${step.name}: ${status}, ${count}${kind ? `, ${kind}` : ""}`;
        const first = firstTask.get(step.name);
        const box = (
          <g class={`node node-${status}`} data-step={step.name} data-status={status}>
            <title>{label}</title>
            <rect x={x} y={y} width={W} height={H} rx="8" />
            <text x={x + 10} y={y + 20} class="node-name">
              {step.name}
              {kind ? <tspan class="node-kind"> · {kind}</tspan> : null}
            </text>
            <text x={x + 10} y={y + 42} class="node-status">
              {status} · {count}
            </text>
          </g>
        );
        return first === undefined ? (
          <g key={step.name}>{box}</g>
        ) : (
          <a key={step.name} href={taskHref(first.pathspec)} aria-label={label} data-link="app">
            {box}
          </a>
        );
      })}
    </svg>
  );
}
