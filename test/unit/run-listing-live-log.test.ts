/**
 * Client additions the UI relies on, on a real LocalStorage: paged run listing with filters
 * (every run exactly once, newest first, the same runs a full scan finds) and `Run.status`;
 * and the scheduler's live log, which makes a running task's output readable before it ends.
 */
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { Flow } from "../../src/client/flow.js";
import { namespace } from "../../src/client/namespace.js";
import type { Run } from "../../src/client/run.js";
import type { RunFilter } from "../../src/client/run-listing.js";
import { FlowDatastore } from "../../src/datastore/flow-datastore.js";
import { LocalStorage } from "../../src/datastore/local-storage.js";
import { LocalMetadata } from "../../src/metadata/local-metadata.js";
import type { RunRecord } from "../../src/metadata/types.js";
import { registerBuiltinBackends } from "../../src/plugins/index.js";
import { LiveLog } from "../../src/scheduler/live-log.js";
import { makeTmpDir } from "../utils/cli.js";

const RUNS = 240;
let root: string;

function record(runId: string, i: number): RunRecord {
  const user = i % 4 === 0 ? "bob" : "alice";
  return {
    flowName: "ListFlow",
    runId,
    createdAt: new Date(Number(runId)).toISOString(),
    user,
    tags: i % 3 === 0 ? ["exp:1"] : [],
    systemTags: [`user:${user}`, "metaflow-ts"],
    codePackage: "none",
    flowFile: "list.ts",
    graph: { flowName: "ListFlow", file: "list.ts", source: { file: "list.ts", line: 1, column: 1 }, decorators: [], steps: {}, order: [] },
    stepDecorators: {},
  } as RunRecord;
}

before(async () => {
  registerBuiltinBackends();
  root = join(await makeTmpDir("mfts-listing-"), ".metaflow");
  const meta = new LocalMetadata(new LocalStorage(root));
  await Promise.all(
    Array.from({ length: RUNS }, async (_, i) => {
      const runId = String(1_700_000_000_000 + i * 1000);
      await meta.registerRun(record(runId, i));
      // every 5th run is still going; of the rest, every 7th failed
      if (i % 5 !== 0) await meta.finishRun("ListFlow", runId, { status: i % 7 === 0 ? "failed" : "succeeded", finishedAt: new Date(Number(runId) + 500).toISOString() });
    }),
  );
  process.env.METAFLOW_DATASTORE_ROOT = root;
  namespace(null);
});

async function allPages(flow: Flow, filter: RunFilter): Promise<Run[][]> {
  const pages: Run[][] = [];
  let cursor: string | undefined;
  do {
    const page = await flow.listRuns({ ...filter, ...(cursor ? { cursor } : {}) });
    pages.push([...page.runs]);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return pages;
}

describe("Flow.listRuns", () => {
  test("pages cover every run once, newest first", async () => {
    const flow = await Flow.get("ListFlow");
    const pages = await allPages(flow, { limit: 50 });
    assert.deepEqual(pages.map((p) => p.length), [50, 50, 50, 50, 40]);
    const ids = pages.flat().map((r) => Number(r.id));
    assert.equal(new Set(ids).size, RUNS);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
  });

  test("filters by status, tag and user give what a full scan gives, page after page", async () => {
    const flow = await Flow.get("ListFlow");
    const everything: Run[] = [];
    for await (const r of flow.runs()) everything.push(r);
    const cases: Array<[RunFilter, (r: Run) => boolean]> = [
      [{ status: "running" }, (r) => r.status === "running"],
      [{ status: "failed" }, (r) => r.status === "failed"],
      [{ status: "succeeded", tags: ["exp:1"] }, (r) => r.status === "succeeded" && r.tags.includes("exp:1")],
      [{ user: "bob" }, (r) => r.user === "bob"],
      [{ user: "bob", tags: ["user:bob"], status: "running" }, (r) => r.user === "bob" && r.status === "running"],
    ];
    for (const [filter, keep] of cases) {
      const paged = (await allPages(flow, { ...filter, limit: 7 })).flat().map((r) => r.id);
      assert.deepEqual(paged, everything.filter(keep).map((r) => r.id), JSON.stringify(filter));
      assert.ok(paged.length > 0, JSON.stringify(filter));
    }
  });

  test("a run's status: running until its end record exists", async () => {
    const flow = await Flow.get("ListFlow");
    const { runs } = await flow.listRuns({ limit: RUNS });
    const byIndex = (i: number): Run | undefined => runs.find((r) => r.id === String(1_700_000_000_000 + i * 1000));
    assert.equal(byIndex(5)?.status, "running");
    assert.equal(byIndex(5)?.ended, false);
    assert.equal(byIndex(7)?.status, "failed");
    assert.equal(byIndex(1)?.status, "succeeded");
  });

  test("a cursor past the oldest run is an empty last page; the namespace still applies", async () => {
    const flow = await Flow.get("ListFlow");
    assert.deepEqual(await flow.listRuns({ cursor: "1" }), { runs: [] });
    namespace("user:bob");
    try {
      const { runs } = await flow.listRuns({ limit: RUNS });
      assert.equal(runs.length, RUNS / 4);
      assert.ok(runs.every((r) => r.user === "bob"));
    } finally {
      namespace(null);
    }
  });
});

describe("LiveLog", () => {
  test("a running task's lines become readable before it ends; nothing is written after close", async () => {
    const storage = new LocalStorage(join(await makeTmpDir("mfts-livelog-"), ".metaflow"));
    const tds = new FlowDatastore(storage, "LogFlow").task("1", "start", "1", 0);
    const live = new LiveLog(tds, 20);
    live.line("stdout", "first <script>");
    live.line("stderr", "warn");
    for (let i = 0; i < 200 && (await tds.readLog("stdout")) === ""; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(await tds.readLog("stdout"), "first <script>\n");
    assert.equal(await tds.readLog("stderr"), "warn\n");
    live.line("stdout", "second");
    await live.close();
    await tds.writeLog("stdout", "final\n"); // what the scheduler writes once the task ended
    live.line("stdout", "late");
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(await tds.readLog("stdout"), "final\n");
  });
});
