/**
 * The task side of cards, on a real local datastore: current.card routing, refresh throttling,
 * the final render, and renders that fail or hang. Plus the graph picture of the default card.
 */
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Markdown, ProgressBar } from "metaflow-ts/cards";
import { FlowDatastore } from "../../src/datastore/flow-datastore.js";
import { LocalStorage } from "../../src/datastore/local-storage.js";
import type { CardRenderer } from "../../src/flow/card-renderer.js";
import type { FlowGraph, StepNode, Transition } from "../../src/graph/types.js";
import { builtinCardRenderers } from "../../src/plugins/cards/index.js";
import { graphSvg, layerSteps, graphEdges } from "../../src/plugins/cards/graph-svg.js";
import { cardDeclarationsOf } from "../../src/task/cards/card-declarations.js";
import { renderCard } from "../../src/task/cards/render-card.js";
import { TaskCards, type CardSink } from "../../src/task/cards/task-cards.js";
import { loadCards } from "../../src/client/card.js";

let root: string;
before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "mf-cards-"));
});
after(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

function graphOf(steps: Record<string, Transition>): FlowGraph {
  const src = { file: "flow.ts", line: 1 };
  const nodes: Record<string, StepNode> = {};
  for (const [name, transition] of Object.entries(steps)) nodes[name] = { name, transition, join: false, source: src, decorators: [], inFuncs: [], splitParents: [] };
  return { flowName: "DemoFlow", file: "flow.ts", source: src, decorators: [], steps: nodes, order: Object.keys(steps) };
}
const linear = graphOf({ start: { kind: "linear", to: "end" }, end: { kind: "end" } });

/** A real task datastore; counts the card writes that reach it. */
async function taskStore(): Promise<{ ds: ReturnType<FlowDatastore["task"]>; sink: CardSink; writes: () => number }> {
  const flow = new FlowDatastore(new LocalStorage(await fs.mkdtemp(path.join(root, "s-"))), "DemoFlow");
  const ds = flow.task("1", "start", "1", 0);
  let n = 0;
  const sink: CardSink = {
    writeCard: (slot, htmlText) => {
      n++;
      return ds.writeCard(slot, htmlText);
    },
    writeCardIndex: (index) => ds.writeCardIndex(index),
  };
  return { ds, sink, writes: () => n };
}

function cardsFor(sink: CardSink, decorators: { attributes: Record<string, unknown> }[], renderers: readonly CardRenderer[] = builtinCardRenderers, warn: (l: string) => void = () => {}): TaskCards {
  return new TaskCards({
    declarations: cardDeclarationsOf(decorators.map((d) => ({ name: "card", attributes: d.attributes }))),
    renderers,
    sink,
    graph: linear,
    task: { pathspec: "DemoFlow/1/start/1", flowName: "DemoFlow", runId: "1", stepName: "start", taskId: "1", attempt: 0, startedAt: new Date().toISOString() },
    parameters: [],
    warn,
  });
}

const done = { status: "succeeded", finishedAt: new Date().toISOString() } as const;

describe("TaskCards", () => {
  test("current.card is the card without an id; get(id) the others; all cards are stored final, in order", async () => {
    const { ds, sink } = await taskStore();
    const cards = cardsFor(sink, [{ attributes: { type: "blank", id: "a" } }, { attributes: {} }, { attributes: { type: "blank", id: "b" } }]);
    cards.current.append(Markdown("to the default card"));
    cards.current.get("a").append(Markdown("to a"));
    cards.current.get("b").append(Markdown("to b"));
    assert.deepEqual(cards.current.all.map((c) => c.id), ["a", undefined, "b"]);
    await cards.finish(done);
    const stored = await loadCards(ds);
    assert.deepEqual(stored.map((c) => [c.index, c.id, c.type, c.final]), [[0, "a", "blank", true], [1, undefined, "default", true], [2, "b", "blank", true]]);
    assert.match(stored[0]?.html ?? "", /to a/);
    assert.match(stored[1]?.html ?? "", /to the default card/);
    assert.doesNotMatch(stored[1]?.html ?? "", /to a/);
  });

  test("without @card, appending warns once and stores nothing; an unknown id warns too", async () => {
    const { ds, sink } = await taskStore();
    const warnings: string[] = [];
    const cards = cardsFor(sink, [], builtinCardRenderers, (l) => warnings.push(l));
    cards.current.append(Markdown("x"));
    cards.current.append(Markdown("y"));
    cards.current.refresh();
    cards.current.get("nope").append(Markdown("z"));
    await cards.finish(done);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0] ?? "", /has no @card/);
    assert.match(warnings[1] ?? "", /no @card\(\{ id: "nope" \}\)/);
    assert.deepEqual(await loadCards(ds), []);
  });

  test("refreshes closer together than refreshInterval are merged; the final render has the latest state", async () => {
    const { ds, sink, writes } = await taskStore();
    const cards = cardsFor(sink, [{ attributes: { type: "blank", refreshInterval: 3600 } }]);
    const bar = ProgressBar({ max: 5 });
    cards.current.append(bar);
    for (let i = 1; i <= 5; i++) {
      bar.update(i);
      cards.current.refresh();
    }
    await cards.finish(done);
    // One refresh stored right away, the four others merged into a pending one that finish() replaces.
    assert.equal(writes(), 2);
    const [card] = await loadCards(ds);
    assert.equal(card?.final, true);
    assert.match(card?.html ?? "", /5 \/ 5 \(100%\)/);
    cards.current.refresh(); // after the end: nothing more is stored
    assert.equal(writes(), 2);
  });

  test("a refresh is stored while the task runs, marked not final", async () => {
    const { ds, sink } = await taskStore();
    const cards = cardsFor(sink, [{ attributes: { type: "blank", refreshInterval: 3600 } }]);
    cards.current.append(Markdown("live text"));
    cards.current.refresh();
    let live = await loadCards(ds);
    while (live.length === 0) {
      await new Promise((r) => setImmediate(r));
      live = await loadCards(ds);
    }
    assert.equal(live[0]?.final, false);
    assert.match(live[0]?.html ?? "", /live text/);
    await cards.finish(done);
  });

  test("a failed step still gets its cards, saying it failed", async () => {
    const { ds, sink } = await taskStore();
    const cards = cardsFor(sink, [{ attributes: {} }]);
    await cards.finish({ status: "failed", finishedAt: new Date().toISOString(), error: { name: "Error", message: "<boom>" } });
    const [card] = await loadCards(ds);
    assert.match(card?.html ?? "", /mf-status-failed">failed/);
    assert.match(card?.html ?? "", /Error: &lt;boom&gt;/);
  });
});

describe("renderCard", () => {
  const input = { id: undefined, type: "default", task: { pathspec: "F/1/s/1", flowName: "F", runId: "1", stepName: "s", taskId: "1", attempt: 0, status: "running" as const, startedAt: new Date().toISOString() }, graph: linear, parameters: [], artifacts: [], components: [] };
  test("an unknown type, a renderer that throws, returns no string, or takes too long: a card that says why", async () => {
    const unknown = await renderCard({ ...input, type: "fancy" }, builtinCardRenderers, 1000);
    assert.match(unknown.error ?? "", /No renderer for card type 'fancy'. Known types: default, blank/);
    const throwing = await renderCard(input, [{ type: "default", render: async () => Promise.reject(new Error("<nope>")) }], 1000);
    assert.match(throwing.html, /Error: &lt;nope&gt;/);
    const notString = await renderCard(input, [{ type: "default", render: async () => 42 as unknown as string }], 1000);
    assert.match(notString.error ?? "", /returned number/);
    const hanging = await renderCard(input, [{ type: "default", render: () => new Promise<string>(() => {}) }], 50);
    assert.match(hanging.error ?? "", /took longer than 0.05 s/);
  });
});

describe("graph picture", () => {
  test("the task's step is marked in text and with aria-current; loops of a recursive switch are drawn back up", () => {
    const g = graphOf({ start: { kind: "linear", to: "loop" }, loop: { kind: "switch", cases: { again: "loop", done: "end" }, condition: "c" }, end: { kind: "end" } });
    const edges = graphEdges(g);
    const { layers, back } = layerSteps(g, edges);
    assert.deepEqual([...layers], [["start", 0], ["loop", 1], ["end", 2]]);
    assert.deepEqual([...back].map((e) => `${e.from}->${e.to}`), ["loop->loop"]);
    const svg = graphSvg(g, "loop").value;
    assert.match(svg, /<g class="step current" aria-current="step"><title>loop \(this step\)<\/title>/);
    assert.match(svg, /class="edge loop"/);
    assert.match(svg, /aria-label="Graph of DemoFlow: start, loop, end; this task&#39;s step: loop"/);
  });
  test("branches sit side by side in one layer", () => {
    const g = graphOf({ start: { kind: "branch", to: ["a", "b"] }, a: { kind: "linear", to: "join" }, b: { kind: "linear", to: "join" }, join: { kind: "linear", to: "end" }, end: { kind: "end" } });
    const { layers } = layerSteps(g, graphEdges(g));
    assert.equal(layers.get("a"), 1);
    assert.equal(layers.get("b"), 1);
    assert.equal(layers.get("join"), 2);
  });
});
