/**
 * Which card `current.card` adds to (Metaflow's default editable card), and card types a flow
 * registers itself.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import type { CardRenderer } from "../../src/flow/card-renderer.js";
import { registerCardRenderer, withRegisteredCardRenderers } from "../../src/flow/card-renderer-registry.js";
import { builtinCardRenderers } from "../../src/plugins/cards/index.js";
import { cardDeclarationsOf } from "../../src/task/cards/card-declarations.js";
import { chooseDefaultCard } from "../../src/task/cards/default-card.js";

const page = async (): Promise<string> => "<!doctype html><html><body></body></html>";
const fixed: CardRenderer = { type: "fixed_summary", allowUserComponents: false, render: page };
const renderers: CardRenderer[] = [...builtinCardRenderers, fixed];

/** The slot `current.card` stands for, given the step's @card attributes (undefined: none). */
function chosen(...cards: Record<string, unknown>[]): number | undefined {
  return chooseDefaultCard("start", cardDeclarationsOf(cards.map((attributes) => ({ name: "card", attributes }))), renderers).card?.slot;
}

describe("the default card of a step", () => {
  test("the only editable card, even with an id; a card that takes no components is never chosen", () => {
    assert.equal(chosen({ id: "xyz" }), 0);
    assert.equal(chosen({ type: "fixed_summary" }, { type: "blank" }), 1);
    assert.equal(chosen({ type: "fixed_summary" }), undefined);
  });
  test("else the only editable card without an id", () => {
    assert.equal(chosen({ type: "blank", id: "abc" }, { type: "blank" }), 1);
    assert.equal(chosen({ id: "a" }, { id: "b" }), undefined);
    assert.equal(chosen({}, { type: "blank" }), undefined);
  });
  test("customize: true wins over the others; two of them: none, and the reason says so", () => {
    assert.equal(chosen({ type: "blank" }, { customize: true, id: "x" }, { type: "blank", id: "y" }), 1);
    const two = chooseDefaultCard("start", cardDeclarationsOf([{ customize: true }, { customize: true }].map((attributes) => ({ name: "card", attributes }))), renderers);
    assert.equal(two.card, undefined);
    assert.match(two.card === undefined ? two.why : "", /2 cards with customize: true/);
  });
});

describe("registerCardRenderer", () => {
  test("adds a type after the built-ins, which it cannot replace", () => {
    registerCardRenderer({ type: "unit_test_card", render: page });
    registerCardRenderer({ type: "blank", render: page });
    const all = withRegisteredCardRenderers(builtinCardRenderers);
    assert.deepEqual(all.map((r) => r.type).slice(0, 2), ["default", "blank"]);
    assert.ok(all.some((r) => r.type === "unit_test_card"));
    assert.equal(all.find((r) => r.type === "blank"), builtinCardRenderers[1]);
  });
  test("refuses a renderer without a valid type or render()", () => {
    assert.throws(() => registerCardRenderer({ type: "has space", render: page }), /registerCardRenderer/);
    assert.throws(() => registerCardRenderer({ type: "x" } as unknown as CardRenderer), /registerCardRenderer/);
  });
});
