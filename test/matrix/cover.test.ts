/**
 * The covering subset the S3 matrix runs (cover.ts): every shape and every behaviour of the real
 * matrix at least once, far fewer runs than the cross product, the same subset every time.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { combinations } from "./generate.js";
import { coveringSubset } from "./cover.js";

const combos = combinations().valid.map((c) => ({ ...c, id: `${c.graph.name}×${c.behaviour.name}` }));

test("the covering subset has every shape and every behaviour of the matrix, in a run per shape", () => {
  const subset = coveringSubset(combos);
  assert.deepEqual(new Set(subset.map((c) => c.graph.name)), new Set(combos.map((c) => c.graph.name)));
  assert.deepEqual(new Set(subset.map((c) => c.behaviour.name)), new Set(combos.map((c) => c.behaviour.name)));
  const shapes = new Set(combos.map((c) => c.graph.name)).size;
  const behaviours = new Set(combos.map((c) => c.behaviour.name)).size;
  assert.equal(subset.length, Math.max(shapes, behaviours), "no more runs than the larger of the two counts");
  assert.deepEqual(coveringSubset(combos).map((c) => c.id), subset.map((c) => c.id), "deterministic");
});

test("behaviours are spread over the shapes: no behaviour is taken more than once above the fair share", () => {
  const subset = coveringSubset(combos);
  const counts = new Map<string, number>();
  for (const c of subset) counts.set(c.behaviour.name, (counts.get(c.behaviour.name) ?? 0) + 1);
  const fair = Math.ceil(subset.length / counts.size);
  for (const [name, n] of counts) assert.ok(n <= fair + 1, `${name} taken ${n} times (fair share ${fair})`);
});

test("a shape or behaviour that only one combination has is covered by that combination", () => {
  const lone = { id: "odd×only", graph: { name: "odd" }, behaviour: { name: "only" } };
  const subset = coveringSubset([...combos, lone]);
  assert.ok(subset.includes(lone));
});
