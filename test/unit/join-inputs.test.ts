/**
 * A join over many inputs (half in the layout of older versions, the index in `data.json`): each
 * input's artifact index is read only when `inputs[i]` is used (and
 * read again if its view was dropped), values come from every input, `mergeArtifacts` still merges
 * and reports conflicts, and an input without a successful attempt is reported.
 */
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { inspect } from "node:util";
import v8 from "node:v8";
import { FlowDatastore } from "../../src/datastore/flow-datastore.js";
import { LocalStorage } from "../../src/datastore/local-storage.js";
import { MetaflowError } from "../../src/errors.js";
import type { DoneRecord } from "../../src/protocol/task-records.js";
import { encodeArtifact } from "../../src/datastore/serializers/artifact-codec.js";
import { ArtifactState } from "../../src/task/artifact-state.js";
import { buildJoinInputs, recentViews } from "../../src/task/join-inputs.js";
import { loadJoinParents } from "../../src/task/load-parents.js";
import { mergeArtifacts } from "../../src/task/merge-artifacts.js";

/**
 * Local storage that counts the artifact indexes read from it: an index is in the done record (read
 * once, asynchronously, to find the input's successful attempt; again, synchronously, when the
 * input is used) or, for runs written by older versions, in `data.json`.
 */
class CountingStorage extends LocalStorage {
  indexReads = 0;
  override read(key: string): Promise<Uint8Array | undefined> {
    if (key.endsWith(".data.json")) this.indexReads += 1;
    return super.read(key);
  }
  override readSync(key: string): Uint8Array | undefined {
    if (key.endsWith(".done.json")) this.indexReads += 1;
    return super.readSync(key);
  }
}

/** How many live objects of each constructor (or V8 internal kind) the heap holds, from a heap snapshot. */
async function liveObjects(): Promise<Map<string, number>> {
  const chunks: Buffer[] = [];
  for await (const chunk of v8.getHeapSnapshot()) chunks.push(chunk as Buffer);
  const snapshot = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { snapshot: { meta: { node_fields: string[] } }; nodes: number[]; strings: string[] };
  const fields = snapshot.snapshot.meta.node_fields;
  const nameAt = fields.indexOf("name");
  const counts = new Map<string, number>();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const name = snapshot.strings[snapshot.nodes[i + nameAt] as number] as string;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

const inputs = 500;
let root: string;
let storage: CountingStorage;
let flow: FlowDatastore;
const paths: string[] = [];

const ok = (attempt: number): Extract<DoneRecord, { status: "ok" }> => ({ status: "ok", attempt, finishedAt: "2024-01-01T00:00:01.000Z", transition: { kind: "linear", to: "join" }, foreachStack: [] });

before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "mf-join-inputs-"));
  storage = new CountingStorage(root);
  flow = new FlowDatastore(storage, "WideFlow");
  const shared = await flow.task("1", "start", "1", 0).saveArtifact("shared", { config: "same for all" });
  for (let i = 0; i < inputs; i++) {
    const id = String(i + 2);
    // every 50th input succeeded on its second attempt
    const last = i % 50 === 0 ? 1 : 0;
    for (let a = 0; a <= last; a++) {
      const t = flow.task("1", "body", id, a);
      await t.writeAttempt({ attempt: a, startedAt: "2024-01-01T00:00:00.000Z", pid: 1, inputPaths: ["1/start/1"], foreachStack: [] });
      const index = { square: await t.saveArtifact("square", a === last ? i * i : -1), shared };
      // Odd inputs as older versions wrote them (the index in data.json), even ones in the done record.
      if (i % 2 === 1) await t.writeArtifactIndex(index);
      await t.writeDone(a === last ? { ...ok(a), ...(i % 2 === 0 ? { index } : {}) } : { status: "failed", attempt: a, finishedAt: "t", error: { name: "E", message: "m" }, foreachStack: [] });
    }
    paths.push(`1/body/${id}`);
  }
});
after(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe("join inputs over 500 parents", () => {
  test("no index is read until an input is used; then only that input's", async () => {
    storage.indexReads = 0;
    const parents = await loadJoinParents(flow, paths);
    const view = buildJoinInputs(parents);
    assert.equal(storage.indexReads, 0, "finding the parents reads no artifact index");
    assert.equal(view.length, inputs);
    assert.equal((view[7] as { square: number }).square, 49);
    assert.equal(storage.indexReads, 1);
    assert.equal(view[7], view[7], "a recently used input is the same view");
    assert.equal(storage.indexReads, 1);
  });

  test("values come from every input, each from its latest successful attempt", async () => {
    const view = buildJoinInputs(await loadJoinParents(flow, paths));
    const squares = view.map((input) => (input as { square: number }).square);
    assert.deepEqual(squares, Array.from({ length: inputs }, (_, i) => i * i));
    assert.equal(view.reduce((sum: number, input) => sum + (input as { square: number }).square, 0), ((inputs - 1) * inputs * (2 * inputs - 1)) / 6);
    let n = 0;
    for (const input of view) assert.deepEqual((input as { shared: unknown }).shared, { config: "same for all" }, `input ${n++}`);
    assert.equal((view as unknown as Record<string, { square: number }>)["body"]?.square, 0, "inputs.<step> is the step's first input");
    assert.equal(String(view[3]), "[input from WideFlow/1/body/5]");
  });

  test("a dropped view is rebuilt (its index read again) and reads the same values", async () => {
    const view = buildJoinInputs(await loadJoinParents(flow, paths));
    assert.equal((view[0] as { square: number }).square, 0);
    for (let i = 1; i <= recentViews; i++) void (view[i] as { square: number }).square;
    storage.indexReads = 0;
    assert.equal((view[0] as { square: number }).square, 0);
    assert.equal(storage.indexReads, 1, "the first input's view was dropped after more recent ones");
  });

  test("inputs behave as an array", async () => {
    const view = buildJoinInputs(await loadJoinParents(flow, paths));
    assert.ok(Array.isArray(view));
    assert.equal(Object.keys(view).length, inputs, "one enumerable key per input; step names are not enumerable");
    assert.ok(0 in view && !(inputs in view) && "body" in view && "map" in view);
    assert.equal([...view].length, inputs);
    assert.deepEqual(view.slice(2, 4).map((i) => (i as { square: number }).square), [4, 9]);
    assert.equal(view.at(-1), view[inputs - 1]);
    assert.equal(Object.getOwnPropertyDescriptor(view, "3")?.value, view[3]);
    assert.equal(Object.getOwnPropertyDescriptor(view, "body")?.enumerable, false);
    assert.equal(inspect(view), `[${inputs} join inputs from body]`);
    assert.ok(view instanceof Array);
    // Storing `inputs` itself as an artifact fails, naming what it is (its values can be stored).
    assert.throws(() => encodeArtifact("all", view), (e: unknown) => e instanceof MetaflowError && /'all' \(of type JoinInputs\)/.test(e.message));
  });

  test("a join holds a small record per input: no datastore object per parent, no accessor per index", async () => {
    // Counted in heap snapshots (live objects only). Before, each parent held a TaskDatastore and each
    // index of `inputs` an accessor (~1,700 bytes per input in all).
    const parents = await loadJoinParents(flow, paths);
    const withParents = await liveObjects();
    const view = buildJoinInputs(parents);
    const withInputs = await liveObjects();
    assert.ok(view.length === inputs && parents.length === inputs); // both alive when counted
    assert.ok((withParents.get("TaskDatastore") ?? 0) < inputs / 10, `${withParents.get("TaskDatastore")} datastore objects for ${inputs} parents`);
    const accessors = (withInputs.get("system / AccessorPair") ?? 0) - (withParents.get("system / AccessorPair") ?? 0);
    assert.ok(accessors < inputs / 10, `${accessors} accessors for ${inputs} inputs`);
    // Once every input was read, only the recent views (and their datastores) are kept.
    assert.equal(view.reduce((sum: number, input) => sum + (input as { square: number }).square, 0), ((inputs - 1) * inputs * (2 * inputs - 1)) / 6);
    const afterReading = await liveObjects();
    assert.ok((afterReading.get("TaskDatastore") ?? 0) <= recentViews + 10, `${afterReading.get("TaskDatastore")} datastore objects after reading ${inputs} inputs`);
  });

  test("inputs are read-only", async () => {
    const view = buildJoinInputs(await loadJoinParents(flow, paths));
    assert.throws(() => ((view[1] as { square: number }).square = 3), (e: unknown) => e instanceof MetaflowError && e.code === "ARTIFACT_READ_ONLY");
    const readOnly = (e: unknown): boolean => e instanceof MetaflowError && e.code === "ARTIFACT_READ_ONLY";
    assert.throws(() => ((view as unknown[])[1] = {}), readOnly);
    assert.throws(() => Object.defineProperty(view, "extra", { value: 1 }), readOnly);
    assert.throws(() => delete (view as unknown[])[1], readOnly);
  });

  test("mergeArtifacts merges what all inputs agree on and names what they do not", async () => {
    const parents = await loadJoinParents(flow, paths);
    const state = new ArtifactState();
    assert.throws(() => mergeArtifacts("join", state, parents, {}), (e: unknown) => e instanceof MetaflowError && e.code === "MERGE_CONFLICT" && /'square'/.test(e.message));
    mergeArtifacts("join", state, parents, { exclude: ["square"] });
    assert.deepEqual(state.names(), ["shared"]);
    assert.deepEqual(state.get("shared"), { config: "same for all" });
  });

  test("an input without a successful attempt is reported by name", async () => {
    const failed = flow.task("1", "body", "9999", 0);
    await failed.writeAttempt({ attempt: 0, startedAt: "2024-01-01T00:00:00.000Z", pid: 1, inputPaths: ["1/start/1"], foreachStack: [] });
    await failed.writeDone({ status: "failed", attempt: 0, finishedAt: "t", error: { name: "E", message: "m" }, foreachStack: [] });
    await assert.rejects(
      loadJoinParents(flow, [...paths, "1/body/9999"]),
      (e: unknown) => e instanceof MetaflowError && /WideFlow\/1\/body\/9999 has no successful attempt/.test(e.message),
    );
  });
});
