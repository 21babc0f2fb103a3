/**
 * Cards end to end: flows in test/flows/cards/ run through the CLI; their cards are read back
 * with `card list|get|view` and with the client's `task.cards()`. Covers the default card, every
 * component, several cards per task, `--with card`, a card refreshed while its task runs (watched
 * from outside), cards that fail to render in tasks that succeed, and escaping.
 */
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Flow, Task, namespace, type Card } from "metaflow-ts";
import { describeResult, examplePath, flowPath, makeTmpDir, runCli, runFlow, type FlowRunResult } from "../utils/cli.js";
import { assertSucceeded } from "../utils/client.js";

let cwd: string;
let root: string;
let defaultRun: FlowRunResult;
let componentsRun: FlowRunResult;
let failingRun: FlowRunResult;
let failedStepRun: FlowRunResult;
let withCardRun: FlowRunResult;

const card = (args: string[], env: Record<string, string | undefined> = {}) => runCli(["card", ...args, "--datastore-root", root], { cwd, env });
const noScriptTag = (htmlText: string): void => assert.doesNotMatch(htmlText, /<script/i);
const cardsOf = async (pathspec: string): Promise<Card[]> => {
  process.env["METAFLOW_DATASTORE_ROOT"] = root;
  namespace(null);
  return (await Task.get(pathspec)).cards();
};

before(async () => {
  cwd = await makeTmpDir("mfts-cards-");
  root = join(cwd, ".metaflow");
  [defaultRun, componentsRun, failingRun, failedStepRun, withCardRun] = await Promise.all([
    runFlow(flowPath("cards/default-card.ts"), ["--greeting", "<b>hi</b>"], { cwd }),
    runFlow(flowPath("cards/components.ts"), [], { cwd }),
    runFlow(flowPath("cards/failing-card.ts"), [], { cwd }),
    runFlow(flowPath("cards/failing-card.ts"), [], { cwd, env: { CARD_FAIL: "1" } }),
    runFlow(flowPath("linear.ts"), ["--with", "card"], { cwd }),
  ]);
  for (const r of [defaultRun, componentsRun, failingRun, withCardRun]) assertSucceeded(r);
});

describe("the default card", () => {
  test("card list shows the task's one card; steps without @card have none", async () => {
    const list = await card(["list", `DefaultCardFlow/${defaultRun.runId}`]);
    assert.equal(list.code, 0, describeResult(list));
    assert.match(list.stdout, /TASK\s+INDEX\s+ID\s+TYPE\s+STATE\s+ATTEMPT/);
    assert.match(list.stdout, new RegExp(`DefaultCardFlow/${defaultRun.runId}/start/1\\s+0\\s+-\\s+default\\s+final\\s+0`));
    assert.doesNotMatch(list.stdout, /middle|end\//);
    const none = await card(["get", `DefaultCardFlow/${defaultRun.runId}/middle`]);
    assert.notEqual(none.code, 0);
    assert.match(none.stderr, /has no cards\. Put @card above the @step of middle/);
  });

  test("shows parameters, artifacts with previews, timings and the graph with this step marked; all text escaped", async () => {
    const r = await card(["get", `DefaultCardFlow/${defaultRun.runId}/start/1`]);
    assert.equal(r.code, 0, describeResult(r));
    const page = r.stdout;
    assert.match(page, /^<!doctype html>/);
    assert.match(page, /<h2>Parameters<\/h2><table>.*<code>greeting<\/code>.*<code>&lt;b&gt;hi&lt;\/b&gt;<\/code>/s);
    assert.match(page, /<code>note<\/code><\/th><td>string<\/td><td>38 B<\/td><td><code>&lt;script&gt;alert\(&#39;artifact&#39;\)&lt;\/script&gt;<\/code>/);
    assert.match(page, /<code>numbers<\/code>.*\[ 1, 2, 3 \]/);
    assert.match(page, /<code>big<\/code>.*not previewed \(2\.0 MiB\)/);
    assert.match(page, /<dt>Status<\/dt><dd class="mf-status-succeeded">succeeded<\/dd>/);
    assert.match(page, /<dt>Duration<\/dt><dd>[\d.]+ (ms|s)<\/dd>/);
    assert.match(page, /<svg [^>]*aria-label="Graph of DefaultCardFlow: start, middle, end; this task&#39;s step: start"/);
    assert.match(page, /aria-current="step"><title>start \(this step\)<\/title>/);
    noScriptTag(page);
    assert.doesNotMatch(page, /https?:\/\/(?!www\.w3\.org)/, "a card loads nothing from the network");
  });

  test("--with card gives every step a default card", async () => {
    const list = await card(["list", `LinearFlow/${withCardRun.runId}`]);
    assert.equal(list.code, 0, describeResult(list));
    assert.equal(list.stdout.split("\n").filter((l) => /\sdefault\s+final/.test(l)).length, 3, list.stdout);
  });
});

describe("components and several cards", () => {
  test("task.cards() returns each card with its id, type and HTML, in decorator order", async () => {
    const cards = await cardsOf(`CardComponentsFlow/${componentsRun.runId}/start/1`);
    assert.deepEqual(cards.map((c) => [c.index, c.id, c.type, c.final, c.error]), [[0, undefined, "default", true, undefined], [1, "report", "blank", true, undefined], [2, "chart", "blank", true, undefined]]);
    assert.match(cards[0]?.html ?? "", /Appended to the default card/);
    for (const c of cards) noScriptTag(c.html);
    const ids = await (await Task.get(`CardComponentsFlow/${componentsRun.runId}/start/1`)).artifact("cardIds");
    assert.deepEqual(ids, ["(none)", "report", "chart"]);
  });

  test("card get --id: every built-in component, escaped", async () => {
    const r = await card(["get", `CardComponentsFlow/${componentsRun.runId}/start/1`, "--id", "report"]);
    assert.equal(r.code, 0, describeResult(r));
    const page = r.stdout;
    assert.match(page, /<h1>Report<\/h1>/);
    assert.match(page, /<strong>bold<\/strong> text and &lt;script&gt;alert\('md'\)&lt;\/script&gt;/);
    assert.doesNotMatch(page, /href="javascript/i);
    assert.match(page, /<th scope="col">&lt;i&gt;count&lt;\/i&gt;<\/th>/);
    assert.match(page, /<td>&lt;script&gt;alert\(&#39;cell&#39;\)&lt;\/script&gt;<\/td>/);
    assert.match(page, /<th scope="col">model<\/th><th scope="col">score<\/th>/);
    assert.match(page, /<img src="data:image\/png;base64,[^"]+" alt="one pixel"><figcaption>a &lt;tiny&gt; image<\/figcaption>/);
    assert.match(page, /<progress max="4" value="3" aria-label="epochs">75%<\/progress><span>3 \/ 4 \(75%\)<\/span>/);
    assert.match(page, /<figcaption>metrics<\/figcaption><pre>|<figcaption>metrics<\/figcaption><code>/);
    noScriptTag(page);
  });

  test("the chart is an SVG rendered at card time (no script, no CDN)", async () => {
    const r = await card(["get", `CardComponentsFlow/${componentsRun.runId}/start/1`, "--id", "chart"]);
    assert.equal(r.code, 0, describeResult(r));
    assert.match(r.stdout, /<figure role="img" aria-label="loss per epoch"><svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(r.stdout, />loss<\/text>/);
    noScriptTag(r.stdout);
  });

  test("get without --id shows the first card and says there are more; --index and --output; unknown ids list the cards", async () => {
    const pathspec = `CardComponentsFlow/${componentsRun.runId}/start/1`;
    const first = await card(["get", pathspec]);
    assert.equal(first.code, 0, describeResult(first));
    assert.match(first.stderr, /has 3 cards \(index 0 \(no id\), id report, id chart\); showing the first/);
    const file = join(cwd, "report.html");
    const out = await card(["get", pathspec, "--index", "1", "--output", file]);
    assert.equal(out.code, 0, describeResult(out));
    assert.match(await readFile(file, "utf8"), /<h1>Report<\/h1>/);
    const bad = await card(["get", pathspec, "--id", "nope"]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /no card with id 'nope'\. Its cards: index 0 \(no id\), id report, id chart/);
  });

  test("current.card.get() of an unknown id warns in the task's stderr", async () => {
    const r = await runCli(["logs", `CardComponentsFlow/${componentsRun.runId}/start/1`, "--stderr", "--datastore-root", root], { cwd });
    assert.match(r.output, /current\.card\.get\("nope"\): step start has no @card\(\{ id: "nope" \}\) \(its card ids: report, chart\)/);
  });

  test("card view writes the card to a file, prints its path, and opens $BROWSER when set", async () => {
    const pathspec = `CardComponentsFlow/${componentsRun.runId}/start/1`;
    const plain = await card(["view", pathspec, "--id", "chart"], { BROWSER: undefined });
    assert.equal(plain.code, 0, describeResult(plain));
    const file = plain.stdout.trim();
    assert.match(await readFile(file, "utf8"), /aria-label="loss per epoch"/);
    const opened = join(cwd, "opened.txt");
    const browser = join(cwd, "browser.sh");
    await writeFile(browser, `#!/bin/sh\nprintf '%s' "$1" > "${opened}"\n`);
    await chmod(browser, 0o755);
    const viewed = await card(["view", pathspec, "--id", "report"], { BROWSER: browser });
    assert.equal(viewed.code, 0, describeResult(viewed));
    while (!existsSync(opened)) await new Promise((r) => setTimeout(r, 50));
    let got = await readFile(opened, "utf8");
    while (got === "") got = await readFile(opened, "utf8");
    assert.equal(got, viewed.stdout.trim());
  });
});

describe("cards that fail", () => {
  test("a component that throws or wants the network shows why in the card; the task succeeds", async () => {
    const r = await card(["get", `FailingCardFlow/${failingRun.runId}/start/1`]);
    assert.equal(r.code, 0, describeResult(r));
    assert.match(r.stdout, /before/);
    assert.match(r.stdout, /role="alert">This component could not be rendered: Error: this component is broken on purpose/);
    assert.match(r.stdout, /renders offline and loads nothing/);
    assert.match(r.stdout, /after/);
  });

  test("a render past the card's timeout gives a card that says so; the task succeeds", async () => {
    const [c] = await cardsOf(`FailingCardFlow/${failingRun.runId}/slow/2`);
    assert.match(c?.error ?? "", /took longer than 0.5 s/);
    assert.match(c?.html ?? "", /This card could not be rendered/);
    const list = await card(["list", `FailingCardFlow/${failingRun.runId}/slow`]);
    assert.match(list.stdout, /blank\s+render failed/);
  });

  test("a step that fails still stores its card, which says it failed and why", async () => {
    assert.notEqual(failedStepRun.code, 0, describeResult(failedStepRun));
    const [c] = await cardsOf(`FailingCardFlow/${failedStepRun.runId}/boom/3`);
    assert.match(c?.html ?? "", /<dd class="mf-status-failed">failed<\/dd>/);
    assert.match(c?.html ?? "", /Error: step failed on purpose/);
    assert.match(c?.html ?? "", /about to fail/);
  });
});

describe("resume", () => {
  test("a task reused by resume shows the cards of the task it reuses; re-run tasks get new cards", async () => {
    const resumed = await runFlow(flowPath("cards/failing-card.ts"), ["--origin-run-id", failedStepRun.runId ?? ""], { cwd, command: "resume" });
    assertSucceeded(resumed);
    const [reused] = await cardsOf(`FailingCardFlow/${resumed.runId}/start/1`);
    assert.equal(reused?.pathspec, `FailingCardFlow/${failedStepRun.runId}/start/1`);
    assert.match(reused?.html ?? "", /broken on purpose/);
    const [rerun] = await cardsOf(`FailingCardFlow/${resumed.runId}/boom/3`);
    assert.equal(rerun?.pathspec, `FailingCardFlow/${resumed.runId}/boom/3`);
    assert.match(rerun?.html ?? "", /<dd class="mf-status-succeeded">succeeded<\/dd>/);
  });
});

describe("a card refreshed while its task runs", () => {
  test("is visible from outside before the task ends, then final with the end state", async () => {
    const liveCwd = await makeTmpDir("mfts-live-card-");
    const go = join(liveCwd, "go");
    const running = runFlow(flowPath("cards/live-card.ts"), [], { cwd: liveCwd, env: { CARD_GO_FILE: go } });
    process.env["METAFLOW_DATASTORE_ROOT"] = join(liveCwd, ".metaflow");
    namespace(null);
    // Wait (without a time limit of our own: the test's timeout bounds it) for the live card to show
    // the step's latest state: refreshes are merged, and the trailing one stores what the step last set.
    let live: Card | undefined;
    while (live === undefined || !live.html.includes("Waiting for the go file") || !live.html.includes("3 / 10 (30%)")) {
      await new Promise((r) => setTimeout(r, 100));
      const run = await Flow.get("LiveCardFlow").then((f) => f.latestRun(), () => undefined);
      if (run === undefined) continue;
      const task = await Task.get(`LiveCardFlow/${run.id}/start/1`).catch(() => undefined);
      [live] = (await task?.cards()) ?? [];
    }
    assert.equal(live.final, false);
    assert.match(live.html, /3 \/ 10 \(30%\)/);
    assert.equal((await Task.get(live.pathspec)).finished, false, "the task is still running");
    await writeFile(go, "");
    const result = await running;
    assertSucceeded(result);
    process.env["METAFLOW_DATASTORE_ROOT"] = result.datastoreRoot;
    const [final] = await (await Task.get(live.pathspec)).cards();
    assert.equal(final?.final, true);
    assert.match(final?.html ?? "", /10 \/ 10 \(100%\)/);
    assert.match(final?.html ?? "", /Training done/);
  });
});

describe("examples/cards.ts", () => {
  test("a training card with the progress bar at the end and the loss chart; a default card; a summary", async () => {
    const r = await runFlow(examplePath("cards.ts"), ["--epochs", "12"], { cwd });
    assertSucceeded(r);
    const [defaultCard, training] = await cardsOf(`CardsFlow/${r.runId}/train/2`);
    assert.equal(training?.id, "training");
    assert.match(training?.html ?? "", /12 \/ 12 \(100%\)/);
    assert.match(training?.html ?? "", /aria-label="training loss per epoch"><svg/);
    assert.match(defaultCard?.html ?? "", /Fitted <strong>a = -?\d+\.\d{3}<\/strong>/);
    assert.match(defaultCard?.html ?? "", /<code>epochs<\/code><\/th><td>number<\/td><td>[^<]*<\/td><td><code>12<\/code>/);
    const [summary] = await cardsOf(`CardsFlow/${r.runId}/end/3`);
    assert.match(summary?.html ?? "", /<th scope="col">fitted<\/th>/);
  });
});
