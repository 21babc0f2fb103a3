/**
 * What the card tests check (Metaflow's `assert_card`, `list_cards`, `get_card_data`), read both
 * through the client (`task.cards()`) and through the CLI (`card list`, `card get`), and the card
 * types the tests use (Metaflow's `test_cards.py`), registered by the generated flow itself with
 * `registerCardRenderer`.
 * @module
 */
import assert from "node:assert/strict";
import type { Checker } from "./checker.js";

/** A card as the client gives it. */
export interface SeenCard {
  readonly id: string | undefined;
  readonly type: string;
  readonly html: string;
  readonly index: number;
  readonly final: boolean;
  readonly error: string | undefined;
}

/** The cards of one task, by the client; the CLI's `card list` must show the same ids and types, and `card get` the same HTML. */
export async function cardsOfTask(c: Checker, pathspec: string, cards: readonly SeenCard[]): Promise<void> {
  const list = await c.cli(["card", "list", pathspec]);
  assert.equal(list.code, 0, list.output);
  // Rows after the header (a task reused by resume lists its origin's cards, under the origin's pathspec).
  const rows = cards.length === 0 ? [] : list.stdout.split("\n").filter((l) => l.trim() !== "").slice(1).map((l) => l.trim().split(/\s+/));
  assert.deepEqual(
    rows.map((r) => [Number(r[1]), r[2], r[3]]),
    cards.map((k) => [k.index, k.id ?? "-", k.type]),
    `card list ${pathspec}:\n${list.stdout}`,
  );
  for (const k of cards) {
    const got = await c.cli(["card", "get", pathspec, "--index", String(k.index)]);
    assert.equal(got.code, 0, got.output);
    assert.equal(got.stdout.trimEnd(), k.html.trimEnd(), `card get ${pathspec} --index ${k.index} prints the card the client reads`);
  }
}

/** Every task of `step` (that has artifact `artifact`), with its cards as the client reads them, checked against the CLI. */
export async function taskCards(c: Checker, step: string, artifact: string): Promise<{ pathspec: string; value: unknown; cards: SeenCard[] }[]> {
  const out: { pathspec: string; value: unknown; cards: SeenCard[] }[] = [];
  for (const t of await c.tasks(step)) {
    if (!t.artifacts().some((a) => a.name === artifact)) continue;
    const cards = (await t.cards()).map((k) => ({ id: k.id, type: k.type, html: k.html, index: k.index, final: k.final, error: k.error }));
    await cardsOfTask(c, t.pathspec, cards);
    out.push({ pathspec: t.pathspec, value: await t.artifact(artifact), cards });
  }
  return out;
}

/** The text of a test card's body (between the markers the test card types write). */
export function cardBody(html: string): string {
  const m = /<main>([\s\S]*)<\/main>/.exec(html);
  assert.ok(m, `a test card: ${html.slice(0, 200)}`);
  return m[1] ?? "";
}

/**
 * The card types of Metaflow's test_cards.py, as flow code: each renders a bare page whose
 * `<main>` holds exactly what the card shows, so a check can match it exactly.
 */
export const testCardTypes: readonly string[] = [
  'import { card } from "metaflow-ts";',
  'import { registerCardRenderer, type CardRenderInput } from "metaflow-ts/plugin";',
  "const escapeText = (s: string): string => s.replace(/[&<>\"']/g, (ch) => `&#${ch.charCodeAt(0)};`);",
  "const page = (body: string): string => `<!doctype html><html><head><meta charset=\"utf-8\"><title>test card</title></head><body><main>${body}</main></body></html>`;",
  "const componentsOf = async (input: CardRenderInput): Promise<string> => (await Promise.all(input.components.map(async (c: any) => (typeof c?.render === \"function\" ? String(await c.render()) : \"\")))).join(\"\");",
  "/** Metaflow's TestStringComponent: shows its text. */",
  "function TestStringComponent(text: string) {",
  "  return { render: () => escapeText(text) };",
  "}",
  "/** A component that shows its value as JSON and can be updated (Metaflow's TestJSONComponent). */",
  "function TestJSONComponent(value: unknown) {",
  "  let v = value;",
  "  return { render: () => escapeText(JSON.stringify(v)), update(next: unknown) { v = next; } };",
  "}",
  "void TestStringComponent; void TestJSONComponent; void card;",
  'registerCardRenderer({ type: "taskspec_card", allowUserComponents: false, render: async (input) => page(escapeText(input.task.pathspec)) });',
  'registerCardRenderer({ type: "test_pathspec_card", allowUserComponents: false, render: async (input) => page(escapeText(input.task.pathspec)) });',
  'registerCardRenderer({ type: "test_editable_card", render: async (input) => page(await componentsOf(input)) });',
  'registerCardRenderer({ type: "test_editable_card_2", render: async (input) => page(await componentsOf(input)) });',
  'registerCardRenderer({ type: "test_non_editable_card", allowUserComponents: false, render: async (input) => page(await componentsOf(input)) });',
  'registerCardRenderer({ type: "test_error_card", render: async () => { throw new TypeError("the test error card always fails"); } });',
  // Takes 20 s (Metaflow's options.timeout): a shorter @card timeout gives up on it.
  'registerCardRenderer({ type: "test_timeout_card", render: () => new Promise<string>((resolve) => setTimeout(() => resolve(page("too late")), 20_000)) });',
  "let liveRenders = 0;",
  "/** Counts the renders made while the task ran (refreshes), like Metaflow's render_seq. */",
  'registerCardRenderer({ type: "test_refresh_card", render: async (input) => { if (input.task.status === "running") liveRenders += 1; return page(`${await componentsOf(input)}<p>live renders: ${liveRenders}</p>`); } });',
];
