/**
 * The UI in headless Chromium, served by `metaflow-ts ui` (the built CLI) over runs the CLI wrote:
 * click through runs -> run -> task (-> cards), filter runs, add and remove a tag, watch a run
 * that is still going update without a reload (statuses change, logs tail), and check that
 * markup in logs, artifacts and tags shows as text. Screenshots go to test-artifacts/screenshots/.
 */
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { chromiumPath, launchChromium, screenshotDir, startUiProcess, type UiProcess } from "../utils/browser.js";
import { examplePath, flowPath, makeTmpDir, runFlow, type FlowRunResult } from "../utils/cli.js";
import { assertSucceeded } from "../utils/client.js";

const skip = chromiumPath.skip;
let cwd: string;
let root: string;
let demo: FlowRunResult;
let ui: UiProcess;
let browser: Browser;

async function newPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
  page.setDefaultTimeout(30_000);
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Fails the test on any script error in the page. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

describe("ui in a browser", { skip }, () => {
  before(async () => {
    cwd = await makeTmpDir("mfts-ui-browser-");
    root = join(cwd, ".metaflow");
    demo = await runFlow(flowPath("ui-demo.ts"), ["--tag", "exp:1"], { cwd, datastoreRoot: root });
    assertSucceeded(demo);
    [ui, browser] = await Promise.all([startUiProcess(root, cwd), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
    if (ui !== undefined) assert.equal(await ui.stop(), 0, "metaflow-ts ui ends with 0 on Ctrl-C");
  });

  test("runs -> run -> task: statuses in words, the graph, the timeline, logs and artifacts as text", async () => {
    const page = await newPage();
    const errors = watchErrors(page);
    await page.goto(ui.url);
    await page.getByRole("navigation", { name: "Flows" }).getByRole("link", { name: /UiDemoFlow/ }).click();
    const row = page.locator(`tr[data-run="${demo.runId}"]`);
    await row.getByText("succeeded").waitFor();
    assert.equal(await row.locator(".run-id").textContent(), demo.runId, "the run id is shown whole");
    assert.match((await row.textContent()) ?? "", /exp:1/);
    await shot(page, "1-runs");

    await row.locator(".run-id").click();
    await page.waitForURL(`**/runs/UiDemoFlow/${demo.runId}`);
    // The graph is drawn first (every step "loading"), then coloured when the run's steps arrive.
    const body = page.locator('g.node[data-step="body"]');
    await body.waitFor();
    await page.locator('g.node[data-step="body"]:not([data-status="loading"])').waitFor();
    assert.equal(await body.getAttribute("data-status"), "succeeded");
    assert.match((await body.textContent()) ?? "", /succeeded · 3 tasks/);
    assert.equal(await page.locator('g.node[data-status="succeeded"]').count(), 4);
    await page.locator(".timeline tbody tr").nth(5).waitFor();
    assert.equal(await page.locator(".timeline tbody tr").count(), 6);
    assert.match((await page.locator("table[aria-label=Parameters]").textContent()) ?? "", /width\s*number\s*3/);
    await shot(page, "2-run");

    await page.locator(".timeline").getByRole("link", { name: "start/1", exact: true }).click();
    await page.waitForURL(`**/tasks/UiDemoFlow/${demo.runId}/start/1`);
    const stdout = page.locator('pre[data-stream="stdout"]');
    await stdout.getByText("log line with markup").waitFor();
    assert.equal(await stdout.textContent(), "<script>window.__pwned = true</script> log line with markup\n");
    const markup = page.locator('tr[data-name="markup"] pre');
    assert.equal(await markup.textContent(), "<script>window.__pwned = true</script><b>bold?</b>");
    assert.equal(await page.locator("main b").count(), 0, "no markup from values is interpreted");
    assert.equal(await page.evaluate(() => (globalThis as unknown as { __pwned?: boolean }).__pwned), undefined, "no script from a value ran");
    assert.match((await page.locator('tr[data-name="big"]').textContent()) ?? "", /Cut: download the whole value/);
    const download = await page.locator('tr[data-name="items"]').getByRole("link", { name: /download/ }).getAttribute("href");
    const res = await page.request.get(new URL(download ?? "", ui.url).toString());
    assert.deepEqual(await res.json(), [0, 1, 2]);
    await page.getByRole("heading", { name: "Cards" }).waitFor();
    await shot(page, "3-task");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("filters: by status, tag and user, in the URL", async () => {
    const page = await newPage();
    await page.goto(`${ui.url}?flow=UiDemoFlow`);
    await page.locator(`tr[data-run="${demo.runId}"]`).waitFor();
    await page.getByLabel("Status").selectOption("failed");
    await page.getByText("No runs match.").waitFor();
    assert.match(page.url(), /status=failed/);
    await page.getByLabel("Status").selectOption("");
    await page.getByLabel("Tag").fill("exp:1");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.locator(`tr[data-run="${demo.runId}"]`).waitFor();
    await page.getByLabel("Tag").fill("no-such-tag");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.getByText("No runs match.").waitFor();
    await page.close();
  });

  test("tags: add one (markup shows as text) and remove it", async () => {
    const page = await newPage();
    await page.goto(`${ui.url}runs/UiDemoFlow/${demo.runId}`);
    const tags = page.getByRole("list", { name: "User tags" });
    await tags.getByText("exp:1").waitFor();
    await page.getByLabel("New tag").fill("<i>fine</i>");
    await page.getByRole("button", { name: "Add tag" }).click();
    await tags.getByText("<i>fine</i>").waitFor();
    assert.equal(await page.locator("main i").count(), 0);
    // The page may drop the tag before the server has stored the change: wait for the server's answer.
    const removed = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith(`/${demo.runId}/tags`) && (r.request().postData() ?? "").includes("remove"));
    await page.getByRole("button", { name: "Remove tag exp:1" }).click();
    await removed;
    // (No waitForFunction: the app's CSP forbids the eval Playwright would need.)
    await tags.getByText("exp:1", { exact: true }).waitFor({ state: "detached" });
    const api = await page.request.get(`${ui.url}api/runs/UiDemoFlow/${demo.runId}`);
    assert.deepEqual(((await api.json()) as { run: { tags: string[] } }).run.tags, ["<i>fine</i>"]);
    await page.getByRole("button", { name: "Remove tag <i>fine</i>" }).click();
    await tags.getByText("no user tags").waitFor();
    await page.close();
  });

  // Cards come from the `card` decorator (examples/cards.ts ships with it): skipped in a build without cards.
  const cardsExample = examplePath("cards.ts");
  test("runs -> run -> task -> card: the task's cards in sandboxed frames", { skip: existsSync(cardsExample) ? false : "no card support in this build (examples/cards.ts)" }, async () => {
    const r = await runFlow(cardsExample, ["--epochs", "3"], { cwd, datastoreRoot: root });
    assertSucceeded(r);
    const page = await newPage();
    const errors = watchErrors(page);
    await page.goto(ui.url);
    await page.getByRole("navigation", { name: "Flows" }).getByRole("link", { name: /CardsFlow/ }).click();
    await page.locator(`tr[data-run="${r.runId}"] .run-id`).click();
    await page.locator('g.node[data-step="train"][data-status="succeeded"]').click();
    await page.waitForURL(/\/tasks\/CardsFlow\/.*\/train\//);
    const frames = page.locator(".cards iframe");
    await frames.first().waitFor();
    assert.equal(await frames.count(), 2, "the default card and the training card");
    for (let i = 0; i < 2; i++) assert.equal(await frames.nth(i).getAttribute("sandbox"), "allow-scripts");
    await page.locator(".cards").scrollIntoViewIfNeeded();
    await page.frameLocator('iframe[title^="Card training"]').getByText("Training").first().waitFor();
    const defaultCard = page.frameLocator('iframe[title="Card 1 (default)"]');
    await defaultCard.getByRole("heading", { name: "Artifacts" }).waitFor();
    // the card's own content cannot reach the UI's page: a sandboxed frame has an opaque origin
    assert.equal(await defaultCard.locator("body").evaluate(() => (globalThis as unknown as { origin: string }).origin), "null");
    await shot(page, "6-card");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a run that is going: the run and task pages update without a reload", async () => {
    const live = runFlow(flowPath("ui-demo.ts"), ["--width", "2", "--pause", "8"], { cwd, datastoreRoot: root });
    const page = await newPage();
    const errors = watchErrors(page);
    let loads = 0;
    page.on("load", () => loads++);
    await page.goto(`${ui.url}?flow=UiDemoFlow`);
    // the new run appears on the runs page by itself, as running
    const running = page.locator("table.runs tbody tr", { has: page.locator('[data-status="running"]') }).first();
    await running.waitFor({ timeout: 90_000 });
    await running.locator(".run-id").click();
    await page.locator('header [data-status="running"]').waitFor();
    const body = page.locator('g.node[data-step="body"][data-status="running"]');
    await body.waitFor({ timeout: 90_000 });
    await shot(page, "4-run-live");
    // a body task's log grows while we watch
    await page.locator(".timeline").getByRole("link", { name: /^body\// }).first().click();
    const stdout = page.locator('pre[data-stream="stdout"]');
    await stdout.getByText("tick 1", { exact: false }).waitFor({ timeout: 60_000 });
    const early = (await stdout.textContent()) ?? "";
    await stdout.getByText(/body \d done/).waitFor({ timeout: 90_000 });
    const later = (await stdout.textContent()) ?? "";
    assert.ok(later.length > early.length && later.startsWith(early.trimEnd().split("\n")[0] ?? ""), `the log grew:\n${early}\n---\n${later}`);
    await page.locator('header [data-status="succeeded"]').waitFor({ timeout: 60_000 });
    await shot(page, "5-task-live");
    await page.goBack();
    await page.locator('header [data-status="succeeded"]').waitFor({ timeout: 90_000 });
    // the run's header and its steps arrive separately: wait for the graph to be coloured
    await page.locator('g.node[data-step="end"][data-status="succeeded"]').waitFor({ timeout: 90_000 });
    assert.equal(await page.locator('g.node[data-status="succeeded"]').count(), 4);
    assert.equal(loads, 1, "the page never reloaded");
    assertSucceeded(await live);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
