/**
 * Pure parts of the client tooling: tag changes, versioned tags under concurrent updates (on a
 * real LocalStorage), gc run selection and `--older-than`, sweep grids and bounded pools, value previews.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { LocalStorage } from "../../src/datastore/local-storage.js";
import { planRunDeletion, parseOlderThan, type GcRunInfo } from "../../src/datastore/gc/plan-gc.js";
import { applyTagChange } from "../../src/metadata/tag-change.js";
import { readLatestTags, updateTags } from "../../src/metadata/versioned-tags.js";
import { expandGrid, mapBounded } from "../../src/client/runner/sweep-grid.js";
import { EventLog } from "../../src/client/runner/event-log.js";
import { previewValue, toJsonSafe } from "../../src/cli/format/value-preview.js";
import { MetaflowError } from "../../src/errors.js";
import { makeTmpDir } from "../utils/cli.js";

describe("tag changes", () => {
  const system = ["user:ada", "metaflow-ts"];
  test("add, remove and replace apply in order, without duplicates", () => {
    assert.deepEqual(applyTagChange(["a"], system, { add: ["b", "a"] }), ["a", "b"]);
    assert.deepEqual(applyTagChange(["a", "b"], system, { remove: ["a", "zz"] }), ["b"]);
    assert.deepEqual(applyTagChange(["a", "b"], system, { remove: ["a"], add: ["c"] }), ["b", "c"]);
  });
  test("system tags cannot be removed; invalid tags are refused", () => {
    assert.throws(() => applyTagChange([], system, { remove: ["user:ada"] }), (e: MetaflowError) => e.code === "USAGE_ERROR" && /system tag 'user:ada'/.test(e.message));
    assert.throws(() => applyTagChange([], system, { add: [""] }), /Invalid tag/);
    assert.throws(() => applyTagChange([], system, { add: ["x".repeat(501)] }), /at most 500/);
    assert.throws(() => applyTagChange([], system, { add: ["bad \ud800 text"] }), /not valid Unicode/);
    assert.deepEqual(applyTagChange([], system, { add: ["ok \ud83d\ude00"] }), ["ok \ud83d\ude00"]);
  });
  test("adding one of the run's system tags is a no-op; a new system-looking tag is refused", () => {
    assert.deepEqual(applyTagChange(["a"], system, { add: ["b", "user:ada", "metaflow-ts"] }), ["a", "b"]);
    assert.throws(() => applyTagChange([], system, { add: ["user:bob"] }), /system tags/);
  });
});

describe("versioned tags", () => {
  test("50 concurrent updates from separate writers are all kept", async () => {
    const root = await makeTmpDir("mfts-tags-");
    const initial = { tags: ["seed"], systemTags: ["user:ada"] };
    // Separate LocalStorage instances, as separate processes would have.
    await Promise.all(Array.from({ length: 50 }, (_, i) => updateTags(new LocalStorage(root), "F", "1", initial, { add: [`t${i}`] })));
    const latest = await readLatestTags(new LocalStorage(root), "F", "1");
    assert.equal(latest?.tags.length, 51);
    for (let i = 0; i < 50; i++) assert.ok(latest?.tags.includes(`t${i}`), `t${i} kept`);
    assert.equal(latest?.version, 50, "one version per change");
  });
  test("a no-op change writes no version", async () => {
    const root = await makeTmpDir("mfts-tags-");
    await updateTags(new LocalStorage(root), "F", "1", { tags: ["a"], systemTags: [] }, { add: ["a"] });
    assert.equal(await readLatestTags(new LocalStorage(root), "F", "1"), undefined);
  });
});

describe("gc plan", () => {
  const day = 86_400_000;
  const now = Date.parse("2026-06-30T00:00:00Z");
  const run = (id: number, ageDays: number, status: GcRunInfo["status"]): GcRunInfo => ({ runId: String(id), createdAt: new Date(now - ageDays * day), status });
  // newest first
  const runs = [run(6, 0, "unfinished"), run(5, 1, "failed"), run(4, 2, "succeeded"), run(3, 10, "failed"), run(2, 20, "succeeded"), run(1, 30, "failed")];

  test("keep-last N deletes the older runs but never the latest successful one or unfinished ones", () => {
    const plan = planRunDeletion(runs, { keepLast: 1 });
    assert.deepEqual(plan.remove.map((r) => r.runId), ["5", "3", "2", "1"]);
    assert.deepEqual(plan.protected.map((p) => p.run.runId), ["4"]);
  });
  test("older-than and keep-last combine (a run must match both)", () => {
    const plan = planRunDeletion(runs, { keepLast: 5, olderThan: new Date(now - 5 * day) });
    assert.deepEqual(plan.remove.map((r) => r.runId), ["1"]);
  });
  test("--force deletes the latest successful and unfinished runs too", () => {
    const plan = planRunDeletion(runs, { keepLast: 0, force: true });
    assert.equal(plan.remove.length, 6);
    assert.equal(plan.keep.length, 0);
  });
  test("without a criterion gc refuses", () => {
    assert.throws(() => planRunDeletion(runs, {}), /--older-than DATE and\/or --keep-last N/);
  });
  test("--older-than takes dates and ages", () => {
    const at = new Date(now);
    assert.equal(parseOlderThan("30d", at).getTime(), now - 30 * day);
    assert.equal(parseOlderThan("12h", at).getTime(), now - 12 * 3_600_000);
    assert.equal(parseOlderThan("2026-01-31").toISOString(), "2026-01-31T00:00:00.000Z");
    assert.throws(() => parseOlderThan("yesterday"), /use a date/);
  });
});

describe("sweeps and events", () => {
  test("expandGrid is the cartesian product, last name fastest", () => {
    const v = expandGrid({ a: [1, 2], b: ["x", "y"] }, { c: [{ k: 1 }] });
    assert.equal(v.length, 4);
    assert.deepEqual(v.map((x) => `${x.parameters.a}${x.parameters.b}`), ["1x", "1y", "2x", "2y"]);
    assert.deepEqual(v[0]?.configs, { c: { k: 1 } });
    assert.deepEqual(expandGrid(), [{ parameters: {}, configs: {} }]);
    assert.throws(() => expandGrid({ a: [] }), /non-empty array/);
  });
  test("mapBounded never runs more than `concurrency` jobs and keeps order", async () => {
    let active = 0;
    let peak = 0;
    const out = await mapBounded([5, 1, 4, 2, 3, 0], 2, async (ms, i) => {
      peak = Math.max(peak, ++active);
      await new Promise((r) => setTimeout(r, ms * 3));
      active--;
      return i;
    });
    assert.deepEqual(out, [0, 1, 2, 3, 4, 5]);
    assert.equal(peak, 2);
  });
  test("EventLog replays past events to late iterators and ends on close", async () => {
    const log = new EventLog<number>();
    log.push(1);
    const early = (async () => {
      const seen: number[] = [];
      for await (const e of log) seen.push(e);
      return seen;
    })();
    log.push(2);
    await new Promise((r) => setTimeout(r, 5));
    log.push(3);
    log.close();
    const late: number[] = [];
    for await (const e of log) late.push(e);
    assert.deepEqual(await early, [1, 2, 3]);
    assert.deepEqual(late, [1, 2, 3]);
  });
});

describe("value previews", () => {
  test("long values are cut with their full length", () => {
    const p = previewValue("x".repeat(1000), 40);
    assert.ok(p.length <= 60 && p.includes("…"), p);
    assert.equal(previewValue(new Map([["a", 1]]), 100), "Map(1) { 'a' => 1 }");
  });
  test("toJsonSafe keeps the meaning of Map, Set, BigInt, Date and bytes", () => {
    const v = toJsonSafe({ m: new Map([["k", 1n]]), s: new Set([1]), d: new Date(0), b: new Uint8Array([1, 2]) });
    assert.deepEqual(JSON.parse(JSON.stringify(v)), { m: { $map: [["k", { $bigint: "1" }]] }, s: { $set: [1] }, d: { $date: "1970-01-01T00:00:00.000Z" }, b: { $bytes: "AQI=" } });
  });
});
