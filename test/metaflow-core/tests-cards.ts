/**
 * Core tests of cards (Metaflow's card_simple, card_multiple, card_id_append, card_error,
 * card_timeout, card_default_editable*, card_resume, card_refresh_test,
 * card_component_refresh_test, card_import), as TypeScript. The card types are Metaflow's test
 * cards, registered by the generated flow (`testCardTypes`); every card is read through the
 * client and the CLI. To keep the cost low, each test runs on the few graphs that exercise it.
 * @module
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import type { CoreTest, TestStep } from "./core-test.js";
import { switchGraphs } from "./core-test.js";
import { cardBody, taskCards, testCardTypes } from "./card-checks.js";

const randomNumber = "this.random_number = Math.floor(Math.random() * 101);";
const escapeJson = (v: unknown): string => JSON.stringify(v).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Every card of every task of the run's steps (tasks that set `artifact`). */
async function eachTask(c: Parameters<NonNullable<CoreTest["check"]>>[0], artifact: string, f: (step: string, t: Awaited<ReturnType<typeof taskCards>>[number]) => void | Promise<void>): Promise<number> {
  let n = 0;
  for (const step of await c.steps()) {
    for (const t of await taskCards(c, step, artifact)) {
      await f(step, t);
      n += 1;
    }
  }
  return n;
}

function cardTest(name: string, priority: number, onlyGraphs: readonly string[], steps: readonly TestStep[], check: NonNullable<CoreTest["check"]>, extra: Partial<CoreTest> = {}): CoreTest {
  return { name, priority, skipGraphs: switchGraphs, onlyGraphs, prelude: testCardTypes, steps, check, ...extra };
}

const taskspec = 'card({ type: "taskspec_card" })';
const setTask = ["this.task = current.pathspec;"];

/** Every task of a step with @card gets its card, which shows the task's pathspec. */
const basic = cardTest(
  "CardDecoratorBasicTest",
  3,
  ["single-and-branch", "small-foreach"],
  [
    { prio: 0, quals: ["start"], decorators: [taskspec], code: setTask },
    { prio: 0, quals: ["foreach-nested-inner"], decorators: [taskspec], code: setTask },
    { prio: 1, quals: ["join"], decorators: [taskspec], code: setTask },
    { prio: 1, quals: ["all"], decorators: [taskspec], code: setTask },
  ],
  async (c) => {
    const n = await eachTask(c, "task", (_, t) => {
      assert.equal(t.cards.length, 1, `${t.pathspec} has one card`);
      assert.equal(t.cards[0]?.type, "taskspec_card");
      assert.equal(t.cards[0]?.final, true);
      assert.equal(cardBody(t.cards[0]?.html ?? ""), t.value, `${t.pathspec}: the card shows the task's pathspec`);
    });
    assert.ok(n > 0, "some task was checked");
  },
);

const twoCards = ['card({ type: "test_pathspec_card" })', 'card({ type: "test_pathspec_card" })'];

/** Two @card of one type on a step: two cards per task, both stored. */
const multiple = cardTest(
  "MultipleCardDecoratorTest",
  3,
  ["single-and-branch"],
  [
    { prio: 0, quals: ["start"], decorators: twoCards, code: setTask },
    { prio: 0, quals: ["foreach-nested-inner"], decorators: twoCards, code: setTask },
    { prio: 1, quals: ["join"], decorators: twoCards, code: setTask },
    { prio: 1, quals: ["all"], decorators: twoCards, code: setTask },
  ],
  async (c) => {
    await eachTask(c, "task", (_, t) => {
      assert.deepEqual(t.cards.map((k) => [k.index, k.type]), [[0, "test_pathspec_card"], [1, "test_pathspec_card"]], t.pathspec);
      for (const k of t.cards) assert.equal(cardBody(k.html), t.value);
    });
  },
);

/** `current.card.get(id)` reaches a card by id, editable or not; with two cards with ids, `current.card.append` adds to none (and says so). */
const withId = cardTest(
  "CardsWithIdTest",
  3,
  ["single-linear-step"],
  [
    {
      prio: 0,
      quals: ["start"],
      decorators: ['card({ type: "test_editable_card", id: "xyz" })', 'card({ type: "test_editable_card", id: "abc" })'],
      code: [randomNumber, 'current.card.get("abc").append(TestStringComponent(String(this.random_number)));', "// Adds to no card: both have an id.", 'current.card.append(TestStringComponent("not stored"));'],
    },
    { prio: 0, quals: ["end"], decorators: ['card({ type: "test_non_editable_card", id: "abc" })'], code: [randomNumber, 'current.card.get("abc").append(TestStringComponent(String(this.random_number)));'] },
    { prio: 1, quals: ["all"], code: [] },
  ],
  async (c) => {
    for (const step of ["start", "end"]) {
      const [t] = await taskCards(c, step, "random_number");
      assert.ok(t, `${step} ran`);
      const abc = t.cards.find((k) => k.id === "abc");
      assert.equal(abc?.type, step === "start" ? "test_editable_card" : "test_non_editable_card");
      assert.equal(cardBody(abc?.html ?? ""), String(t.value), `${t.pathspec}: card abc shows the number appended to it`);
      if (step === "start") assert.equal(cardBody(t.cards.find((k) => k.id === "xyz")?.html ?? ""), "", "card xyz got nothing");
    }
    await c.assertLog("start", "stderr", "current.card: step start has several cards and none without an id", false);
  },
);

/** A card whose renderer throws does not fail its task: the run goes on, and the card says what went wrong. */
const error = cardTest(
  "CardErrorTest",
  2,
  ["single-linear-step"],
  [
    { prio: 0, quals: ["start"], decorators: ['card({ type: "test_error_card" })'], code: ['this.data = "abc";'] },
    { prio: 1, quals: ["all"], code: ['this.data = "end";'] },
  ],
  async (c) => {
    await c.assertArtifact("end", "data", "end");
    const [t] = await taskCards(c, "start", "data");
    assert.equal(t?.cards.length, 1);
    assert.match(t?.cards[0]?.error ?? "", /TypeError: the test error card always fails/);
    assert.equal((await c.tasks("start"))[0]?.successful, true);
  },
);

/** A card that renders longer than its @card timeout is given up; the task succeeds. */
const timeout = cardTest(
  "CardTimeoutTest",
  2,
  ["single-linear-step"],
  [
    { prio: 0, quals: ["start"], decorators: ['card({ type: "test_timeout_card", timeout: 2 })'], code: setTask },
    { prio: 1, quals: ["all"], code: [] },
  ],
  async (c) => {
    const [t] = await taskCards(c, "start", "task");
    assert.equal(t?.cards.length, 1);
    assert.match(t?.cards[0]?.error ?? "", /longer than 2 s/, "the card says it timed out");
    assert.doesNotMatch(t?.cards[0]?.html ?? "", /too late/);
    assert.equal((await c.tasks("start"))[0]?.successful, true);
  },
);

const appendAll = [
  randomNumber,
  "// Not components: stored cards must not break, nor the step.",
  "current.card.append(current.pathspec as any);",
  "current.card.append(TestStringComponent(String(this.random_number)));",
  'current.card.get("nonexistingid");',
  "current.card.append(new MyNativeType() as any);",
];

/** `current.card.append` adds to the one editable card (even with an id), or to the one editable card without an id. */
const defaultEditable = cardTest(
  "DefaultEditableCardTest",
  3,
  ["single-and-branch", "small-foreach"],
  [
    { prio: 0, quals: ["start"], decorators: ['card({ type: "test_editable_card" })'], code: appendAll },
    { prio: 0, quals: ["foreach-nested-inner", "foreach-inner-small"], decorators: ['card({ type: "test_editable_card", id: "xyz" })'], code: appendAll },
    { prio: 0, quals: ["join"], decorators: [taskspec, 'card({ type: "test_editable_card" })'], code: appendAll },
    { prio: 1, quals: ["all"], decorators: ['card({ type: "test_editable_card" })'], code: appendAll },
  ],
  async (c) => {
    const n = await eachTask(c, "random_number", (_, t) => {
      const editable = t.cards.filter((k) => k.type === "test_editable_card");
      assert.equal(editable.length, 1, t.pathspec);
      assert.equal(cardBody(editable[0]?.html ?? ""), String(t.value), `${t.pathspec}: the editable card has exactly the number`);
    });
    assert.ok(n > 0);
  },
  { prelude: [...testCardTypes, "class MyNativeType {", "  at = 0;", "  get(): number {", "    return this.at;", "  }", "}"] },
);

/** `@card({ customize: true })` picks the card `current.card.append` adds to, among several editable ones. */
const customize = cardTest(
  "DefaultEditableCardWithCustomizeTest",
  3,
  ["single-linear-step"],
  [
    {
      prio: 0,
      quals: ["start"],
      decorators: ['card({ type: "test_editable_card", customize: true })', 'card({ type: "test_editable_card", id: "abc" })', taskspec, 'card({ type: "test_editable_card_2" })'],
      code: [randomNumber, "current.card.append(TestStringComponent(String(this.random_number)));"],
    },
    { prio: 1, quals: ["all"], code: [] },
  ],
  async (c) => {
    const [t] = await taskCards(c, "start", "random_number");
    const editable = t?.cards.filter((k) => k.type === "test_editable_card") ?? [];
    assert.equal(editable.length, 2);
    const unnamed = editable.filter((k) => k.id === undefined);
    assert.equal(unnamed.length, 1);
    assert.equal(cardBody(unnamed[0]?.html ?? ""), String(t?.value));
    assert.equal(cardBody(t?.cards.find((k) => k.type === "test_editable_card_2")?.html ?? ""), "", "the other editable card without an id got nothing");
  },
);

/** With a card with an id and one without, `current.card.append` adds to the one without; an unknown id does not fail the step. */
const defaultWithId = cardTest(
  "DefaultEditableCardWithIdTest",
  3,
  ["single-linear-step"],
  [
    {
      prio: 0,
      quals: ["start"],
      decorators: ['card({ type: "test_editable_card", id: "abc" })', 'card({ type: "test_editable_card" })'],
      code: [randomNumber, "current.card.append(current.pathspec as any);", 'current.card.get("xyz").append(TestStringComponent(String(this.random_number)));', "current.card.append(TestStringComponent(String(this.random_number)));"],
    },
    { prio: 0, quals: ["end"], required: true, code: ["this.here = true;"] },
    { prio: 1, quals: ["all"], code: [] },
  ],
  async (c) => {
    await c.assertArtifact("end", "here", true);
    const [t] = await taskCards(c, "start", "random_number");
    assert.equal(t?.cards.length, 2);
    const unnamed = t?.cards.filter((k) => k.id === undefined) ?? [];
    assert.equal(unnamed.length, 1);
    assert.equal(cardBody(unnamed[0]?.html ?? ""), String(t?.value));
    assert.equal(cardBody(t?.cards.find((k) => k.id === "abc")?.html ?? ""), "");
  },
);

/** A resumed run's reused task shows the cards of the task it reuses (client and `card get`). */
const resume = cardTest(
  "CardResumeTest",
  4,
  ["single-linear-step"],
  [
    { prio: 0, quals: ["start"], decorators: [taskspec], code: ["this.origin_pathspec = current.pathspec;"] },
    { prio: 0, quals: ["singleton-end"], required: true, code: ['if (current.originRunId === undefined) throw Object.assign(new Error("This is not an error. Testing resume..."), { name: "ResumeFromHere" });'] },
    { prio: 2, quals: ["all"], code: [] },
  ],
  async (c) => {
    const [t] = await taskCards(c, "start", "origin_pathspec");
    assert.ok(t);
    assert.match(String(t.value), new RegExp(`/${c.originRunId}/start/`), "start was reused from the origin run");
    assert.notEqual(t.pathspec, t.value);
    assert.equal(t.cards.length, 1);
    assert.equal(cardBody(t.cards[0]?.html ?? ""), t.value, "the reused task's card is the origin task's");
  },
  { resume: {} },
);

/** The steps the refresh tests run their code in (Metaflow's list; "sigleton-end" is its typo, kept). */
const refreshQuals = ["singleton-start", "sigleton-end", "singleton", "foreach-split-small", "foreach-inner-small", "foreach-join-small", "split-and", "single-branch-split", "join-and", "parallel-step"];
const refreshCard = 'card({ type: "test_refresh_card", id: "refresh_card", refreshInterval: 1 })';
const randomStrings = "const randomStrings = (n: number): string[] => Array.from({ length: n }, () => Math.random().toString(36).slice(2, 12));";
const pause = "await new Promise((resolve) => setTimeout(resolve, 400));";

/** The final card of each task that ran the refresh code: the latest data, and renders made while the task ran. */
async function checkRefreshed(c: Parameters<NonNullable<CoreTest["check"]>>[0], expected: (finalData: unknown) => string): Promise<void> {
  let n = 0;
  for (const step of await c.steps()) {
    const finalData = await c.artifactDict(step, "final_data");
    for (const t of await taskCards(c, step, "step_name")) {
      // Later steps inherit the artifacts: only the tasks that ran the code set step_name to their step.
      if (t.value !== step) continue;
      const card = t.cards.find((k) => k.id === "refresh_card");
      assert.ok(card?.final, `${t.pathspec}: the card is final`);
      const body = cardBody(card.html);
      assert.ok(body.startsWith(expected(finalData.get(t.pathspec.split("/").at(-1) ?? ""))), `${t.pathspec}: the final card shows the latest data\n${body}`);
      const live = Number(/live renders: (\d+)/.exec(body)?.[1]);
      assert.ok(live >= 1, `${t.pathspec}: current.card.refresh() rendered the card while the task ran (${live})`);
      n += 1;
    }
  }
  assert.ok(n > 0, "some task ran the refresh code");
}

/** `current.card.refresh()` stores the card while the step runs, and never fails or blocks it; the final card has the latest data. */
const withRefresh = cardTest(
  "CardWithRefreshTest",
  3,
  ["single-linear-step"],
  [
    {
      prio: 0,
      quals: refreshQuals,
      decorators: [refreshCard],
      code: [
        randomStrings,
        "const arr = randomStrings(5);",
        "const data = TestJSONComponent({ arr });",
        "current.card.append(data);",
        "current.card.refresh();",
        "for (let i = 0; i < 5; i++) {",
        "  arr.push(...randomStrings(1));",
        "  data.update({ arr: [...arr] });",
        "  current.card.refresh();",
        `  ${pause}`,
        "}",
        "this.final_data = { arr };",
        "this.step_name = current.stepName;",
      ],
    },
    { prio: 1, quals: ["all"], code: [] },
  ],
  (c) => checkRefreshed(c, (v) => escapeJson(v)),
);

/** Components updated in place (`update()`, also through `current.card.components`) show their latest values once refreshed. */
const componentRefresh = cardTest(
  "CardComponentRefreshTest",
  3,
  ["single-linear-step"],
  [
    {
      prio: 0,
      quals: refreshQuals,
      decorators: [refreshCard],
      code: [
        randomStrings,
        "const first = randomStrings(5);",
        "const second = randomStrings(5);",
        "current.card.append(TestJSONComponent({ abc: first }));",
        "const inScope = TestJSONComponent({ abc: second });",
        "current.card.append(inScope);",
        "current.card.refresh();",
        "for (let i = 0; i < 5; i++) {",
        "  first.push(...randomStrings(1));",
        "  second.push(...randomStrings(1));",
        "  inScope.update({ abc: [...second] });",
        "  (current.card.components[0] as any).update({ abc: [...first] });",
        "  current.card.refresh();",
        `  ${pause}`,
        "}",
        "this.final_data = { first, second };",
        "this.step_name = current.stepName;",
      ],
    },
    { prio: 1, quals: ["all"], code: [] },
  ],
  (c) => checkRefreshed(c, (v) => {
    const { first, second } = v as { first: string[]; second: string[] };
    return escapeJson({ abc: first }) + escapeJson({ abc: second });
  }),
);

const importedCards = fileURLToPath(new URL("../flows/cards/core-imported-cards.ts", import.meta.url));

/** Card types defined in a module the flow imports work like any other: editable and not. */
const imported = cardTest(
  "CardImportTest",
  4,
  ["single-linear-step"],
  [
    {
      prio: 0,
      quals: ["start"],
      decorators: ['card({ type: "editable_import_test_card" })', 'card({ type: "non_editable_import_test_card" })'],
      code: [randomNumber, "current.card.append(TestStringComponent(String(this.random_number)));"],
    },
    { prio: 1, quals: ["all"], code: [] },
  ],
  async (c) => {
    const [t] = await taskCards(c, "start", "random_number");
    assert.ok(t);
    assert.deepEqual(t.cards.map((k) => k.type), ["editable_import_test_card", "non_editable_import_test_card"]);
    assert.equal(cardBody(t.cards[0]?.html ?? ""), String(t.value));
    assert.equal(cardBody(t.cards[1]?.html ?? ""), t.pathspec);
  },
  { prelude: [...testCardTypes, `import ${JSON.stringify(importedCards)};`] },
);

/** Tests of cards. */
export const cardTests: readonly CoreTest[] = [basic, multiple, withId, error, timeout, defaultEditable, customize, defaultWithId, resume, withRefresh, componentRefresh, imported];
