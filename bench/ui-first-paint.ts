/**
 * `node --import tsx bench/ui-first-paint.ts [--reps N] [--foreach-root DIR] [--width N]`
 *
 * Time to first paint of the UI (issue 14), in headless Chromium (`$METAFLOW_TEST_CHROMIUM` or
 * /usr/bin/chromium) against `metaflow-ts ui` (the built CLI):
 *   - the runs page of a flow with 1,000 runs: one real run, plus 999 runs registered through the
 *     metadata provider with copies of its records (the runs page reads run records only);
 *   - the run page of a real run whose foreach has `--width` tasks (default 1,000). Running it
 *     takes minutes on a busy machine: pass `--foreach-root DIR` to reuse a datastore holding one.
 * For each page, each repetition opens a fresh browser context and reports: FCP (the browser's
 * first contentful paint) and data painted (navigation start until the page shows its data:
 * the runs table's first page / every step of the graph with its state and the timeline).
 * Prints medians and min-max.
 * @module
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Browser, type Page } from "playwright-core";
import { LocalStorage } from "../src/datastore/local-storage.js";
import { LocalMetadata } from "../src/metadata/local-metadata.js";
import { cliBin, execCli, freshDir, repoRoot } from "./lib/measure.js";

const { values } = parseArgs({ options: { reps: { type: "string", default: "7" }, "foreach-root": { type: "string" }, width: { type: "string", default: "1000" } } });
const reps = Number(values.reps);
const width = Number(values.width);
const flowFile = path.join(repoRoot, "test/flows/ui-demo.ts");

async function run(args: readonly string[], root: string): Promise<void> {
  await execCli(["run", flowFile, "--datastore-root", root, ...args], { cwd: path.dirname(root) }); // throws with the log's tail on failure
}

function runIds(root: string): string[] {
  return readdirSync(path.join(root, "UiDemoFlow")).filter((n) => /^\d+$/.test(n)).sort();
}

/** A datastore with 1,000 runs of UiDemoFlow. */
async function thousandRuns(): Promise<string> {
  const root = path.join(freshDir("ui-runs"), ".metaflow");
  await run(["--width", "2"], root);
  const meta = new LocalMetadata(new LocalStorage(root));
  const [id] = runIds(root);
  const record = await meta.getRun("UiDemoFlow", id as string);
  const end = await meta.getRunEnd("UiDemoFlow", id as string);
  if (record === undefined || end === undefined) throw new Error("no run record");
  const base = Number(id) - 1_000_000;
  for (let i = 0; i < 999; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, 999 - i) }, async (_, k) => {
        const runId = String(base + (i + k) * 1000);
        const status = (i + k) % 7 === 0 ? "failed" : "succeeded";
        await meta.registerRun({ ...record, runId, createdAt: new Date(Number(runId)).toISOString(), tags: (i + k) % 3 === 0 ? ["exp:1"] : [] });
        await meta.finishRun("UiDemoFlow", runId, { ...end, status, finishedAt: new Date(Number(runId) + 4000).toISOString() });
      }),
    );
  }
  return root;
}

function startUi(root: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [cliBin, "ui", "--port", "0", "--datastore-root", root], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve) => {
    let out = "";
    child.stdout.on("data", (b: Buffer) => {
      out += b.toString();
      const m = /Open (http:\/\/\S+\/)/.exec(out);
      if (m?.[1]) resolve({ url: m[1], stop: () => child.kill("SIGINT") });
    });
  });
}

async function measure(browser: Browser, url: string, ready: (p: Page) => Promise<unknown>): Promise<{ fcp: number; data: number }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 } });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "commit" });
  await ready(page);
  // the frame that shows the data has been painted: the next animation frame, then a task
  const data = await page.evaluate(
    () => new Promise<number>((r) => (globalThis as unknown as { requestAnimationFrame(cb: () => void): void }).requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0))),
  );
  const fcp = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN);
  await context.close();
  return { fcp, data };
}

function summary(xs: readonly number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const median = s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
  return `median ${median.toFixed(0)} ms (min ${(s[0] ?? 0).toFixed(0)}, max ${(s.at(-1) ?? 0).toFixed(0)}, n=${s.length})`;
}

async function bench(label: string, browser: Browser, url: string, ready: (p: Page) => Promise<unknown>): Promise<void> {
  await measure(browser, url, ready); // warm-up: server caches, Chromium start
  const samples = [];
  for (let i = 0; i < reps; i++) samples.push(await measure(browser, url, ready));
  console.log(`${label}\n  FCP:          ${summary(samples.map((s) => s.fcp))}\n  data painted: ${summary(samples.map((s) => s.data))}`);
}

const executablePath = process.env.METAFLOW_TEST_CHROMIUM || "/usr/bin/chromium";
if (!existsSync(cliBin)) throw new Error("Build first: npm run build");
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const runsRoot = await thousandRuns();
  const ui1 = await startUi(runsRoot);
  await bench("Runs page, 1,000 runs (first page of 50)", browser, `${ui1.url}?flow=UiDemoFlow`, (p) => p.locator("table.runs tbody tr").nth(49).waitFor({ timeout: 120_000 }));
  ui1.stop();

  let foreachRoot = values["foreach-root"];
  if (foreachRoot === undefined) {
    foreachRoot = path.join(freshDir("ui-foreach"), ".metaflow");
    console.log(`running a ${width}-task foreach (this takes a while)...`);
    await run(["--width", String(width), "--max-num-splits", String(width * 2)], foreachRoot);
  }
  const meta = new LocalMetadata(new LocalStorage(foreachRoot));
  let wide: string | undefined;
  for (const id of runIds(foreachRoot)) {
    const steps = new LocalStorage(foreachRoot);
    if ((await steps.list(`UiDemoFlow/${id}/body`)).length >= width && (await meta.getRunEnd("UiDemoFlow", id))?.status === "succeeded") wide = id;
  }
  if (wide === undefined) throw new Error(`no succeeded UiDemoFlow run with ${width} body tasks in ${foreachRoot}`);
  const ui2 = await startUi(foreachRoot);
  await bench(`Run page, ${width}-task foreach (graph + timeline)`, browser, `${ui2.url}runs/UiDemoFlow/${wide}`, async (p) => {
    await p.locator('g.node[data-step="end"][data-status="succeeded"]').waitFor({ timeout: 120_000 });
    await p.locator(".timeline tbody tr").nth(99).waitFor({ timeout: 120_000 });
  });
  ui2.stop();
} finally {
  await browser.close();
}
