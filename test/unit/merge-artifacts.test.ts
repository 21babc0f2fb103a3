/** mergeArtifacts over ArtifactState: merge by reference, conflicts, include/exclude, values set in the step. */
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { FlowDatastore } from "../../src/datastore/flow-datastore.js";
import { LocalStorage } from "../../src/datastore/local-storage.js";
import type { TaskDatastore } from "../../src/datastore/task-datastore.js";
import { MetaflowError } from "../../src/errors.js";
import type { ArtifactRef } from "../../src/protocol/task-records.js";
import { ArtifactState } from "../../src/task/artifact-state.js";
import type { JoinParent } from "../../src/task/join-inputs.js";
import { mergeArtifacts } from "../../src/task/merge-artifacts.js";

let root: string;
before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "mf-merge-"));
});
after(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function freshFlow(): Promise<{ flow: FlowDatastore; storage: LocalStorage }> {
  const storage = new LocalStorage(await fs.mkdtemp(path.join(root, "s-")));
  return { storage, flow: new FlowDatastore(storage, "MergeFlow") };
}

let nextTask = 1;
/** A join input, with its index also at hand for the assertions (`refs`). */
async function parent(flow: FlowDatastore, step: string, values: Record<string, unknown>): Promise<JoinParent & { refs: Record<string, ArtifactRef> }> {
  const datastore = flow.task("1", step, String(nextTask++), 0);
  const index: Record<string, ArtifactRef> = {};
  for (const [k, v] of Object.entries(values)) index[k] = await datastore.saveArtifact(k, v);
  await datastore.writeArtifactIndex(index);
  return { step, datastore, index: () => index, refs: index };
}

function mergeConflict(...parts: (string | RegExp)[]) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof MetaflowError, String(e));
    assert.equal(e.code, "MERGE_CONFLICT");
    for (const p of parts) {
      if (typeof p === "string") assert.ok(e.message.includes(p), `expected ${JSON.stringify(p)} in: ${e.message}`);
      else assert.match(e.message, p);
    }
    return true;
  };
}

describe("mergeArtifacts", () => {
  test("unambiguous artifacts are merged by reference, without reading their bytes", async () => {
    const { flow, storage } = await freshFlow();
    const a = await parent(flow, "a", { shared: { big: [1, 2, 3] }, onlyA: "A" });
    const b = await parent(flow, "b", { shared: { big: [1, 2, 3] }, onlyB: 2 });
    // Remove the blobs: a merge that read any value would now fail with DATA_CORRUPTION.
    await fs.rm(storage.localPath("MergeFlow/data"), { recursive: true });
    const state = new ArtifactState();
    mergeArtifacts("join", state, [a, b], {});
    assert.deepEqual(state.names().sort(), ["onlyA", "onlyB", "shared"]);
    assert.deepEqual(state.refOf("shared"), a.refs.shared);
    assert.deepEqual(state.refOf("onlyA"), a.refs.onlyA);
    assert.deepEqual(state.refOf("onlyB"), b.refs.onlyB);
    // unread references pass on by reference when the join persists (still no bytes needed)
    const target = flow.task("1", "join", "99", 0);
    const index = await state.persist(target);
    assert.deepEqual(index, { shared: a.refs.shared, onlyA: a.refs.onlyA, onlyB: b.refs.onlyB });
  });

  test("merged values are readable lazily through the state", async () => {
    const { flow } = await freshFlow();
    const a = await parent(flow, "a", { m: new Map([["k", 1]]) });
    const b = await parent(flow, "b", { m: new Map([["k", 1]]) });
    const state = new ArtifactState();
    mergeArtifacts("join", state, [a, b], {});
    assert.deepEqual(state.get("m"), new Map([["k", 1]]));
  });

  test("conflicts name every conflicting artifact (sorted), and suggest exclude", async () => {
    const { flow } = await freshFlow();
    const a = await parent(flow, "a", { zeta: 1, alpha: "x", same: true });
    const b = await parent(flow, "b", { zeta: 2, alpha: "y", same: true });
    const c = await parent(flow, "c", { zeta: 1, same: true });
    assert.throws(
      () => mergeArtifacts("join", new ArtifactState(), [a, b, c], {}),
      mergeConflict("Step join cannot merge artifacts", "'alpha', 'zeta'", "this.alpha = ...", "{ exclude: ['alpha', 'zeta'] }"),
    );
  });

  test("an artifact missing from some inputs is not a conflict", async () => {
    const { flow } = await freshFlow();
    const a = await parent(flow, "a", { x: 1 });
    const b = await parent(flow, "b", {});
    const state = new ArtifactState();
    mergeArtifacts("join", state, [a, b], {});
    assert.deepEqual(state.refOf("x"), a.refs.x);
  });

  test("exclude skips conflicting and non-conflicting artifacts", async () => {
    const { flow } = await freshFlow();
    const a = await parent(flow, "a", { x: 1, y: "same", z: 3 });
    const b = await parent(flow, "b", { x: 2, y: "same", z: 3 });
    const state = new ArtifactState();
    mergeArtifacts("join", state, [a, b], { exclude: ["x", "z"] });
    assert.deepEqual(state.names(), ["y"]);
  });

  test("include merges only the listed artifacts and ignores conflicts elsewhere", async () => {
    const { flow } = await freshFlow();
    const a = await parent(flow, "a", { x: 1, keep: "k" });
    const b = await parent(flow, "b", { x: 2, keep: "k" });
    const state = new ArtifactState();
    mergeArtifacts("join", state, [a, b], { include: ["keep"] });
    assert.deepEqual(state.names(), ["keep"]);
  });

  test("include of a conflicting artifact still conflicts", async () => {
    const { flow } = await freshFlow();
    const a = await parent(flow, "a", { x: 1 });
    const b = await parent(flow, "b", { x: 2 });
    assert.throws(() => mergeArtifacts("join", new ArtifactState(), [a, b], { include: ["x"] }), mergeConflict("'x'"));
  });

  test("include of an artifact no input has: error names it and lists the known ones", async () => {
    const { flow } = await freshFlow();
    const a = await parent(flow, "a", { b2: 1, a1: 2 });
    const b = await parent(flow, "b", { c3: 3 });
    assert.throws(
      () => mergeArtifacts("join", new ArtifactState(), [a, b], { include: ["a1", "nope", "gone"] }),
      mergeConflict("Step join: mergeArtifacts was asked to include 'nope', 'gone', which no input has", "Known artifacts: a1, b2, c3."),
    );
    const empty = await parent(flow, "e", {});
    assert.throws(() => mergeArtifacts("join", new ArtifactState(), [empty], { include: ["q"] }), mergeConflict("Known artifacts: (none)."));
  });

  test("artifacts set in the step are not overwritten (and their conflicts are ignored)", async () => {
    const { flow } = await freshFlow();
    const a = await parent(flow, "a", { x: 1, y: "p" });
    const b = await parent(flow, "b", { x: 2, y: "p" });
    const state = new ArtifactState();
    state.set("x", 100);
    state.set("y", "mine");
    mergeArtifacts("join", state, [a, b], {});
    assert.equal(state.get("x"), 100);
    assert.equal(state.get("y"), "mine");
    assert.equal(state.refOf("y"), undefined);
    assert.equal(state.isSetHere("x"), true);
  });

  test("a field initializer's value is replaced by the inputs' value (the parent wins)", async () => {
    const { flow } = await freshFlow();
    const a = await parent(flow, "a", { count: 7 });
    const state = new ArtifactState();
    state.addInitial("count", 0);
    assert.equal(state.isSetHere("count"), false);
    mergeArtifacts("join", state, [a], {});
    assert.deepEqual(state.refOf("count"), a.refs.count);
    assert.equal(state.get("count"), 7);
  });

  test("a reference already in the state with the same hash is kept as is", async () => {
    const { flow } = await freshFlow();
    const a = await parent(flow, "a", { v: "same" });
    const b = await parent(flow, "b", { v: "same" });
    const state = new ArtifactState();
    state.addRef("v", b.refs.v!, b.datastore);
    mergeArtifacts("join", state, [a, b], {});
    assert.deepEqual(state.refOf("v"), b.refs.v);
  });

  test("no inputs: nothing to merge", () => {
    const state = new ArtifactState();
    mergeArtifacts("join", state, [], {});
    assert.deepEqual(state.names(), []);
  });
});

describe("ArtifactState", () => {
  test("get on a missing artifact is undefined; set then get", () => {
    const s = new ArtifactState();
    assert.equal(s.get("nope"), undefined);
    assert.equal(s.has("nope"), false);
    s.set("x", [1]);
    assert.deepEqual(s.get("x"), [1]);
    assert.equal(s.isSetHere("x"), true);
  });

  test("read-only artifacts refuse assignment and are deep-frozen when loaded", async () => {
    const { flow } = await freshFlow();
    const p = await parent(flow, "start", { alpha: { nested: { v: 1 } } });
    const s = new ArtifactState();
    s.addRef("alpha", p.refs.alpha!, p.datastore);
    s.markReadOnly("alpha", "parameter");
    assert.throws(() => s.set("alpha", 2), (e: unknown) => e instanceof MetaflowError && e.code === "ARTIFACT_READ_ONLY" && /'alpha': it is a parameter/.test(e.message));
    const v = s.get("alpha") as { nested: { v: number } };
    assert.ok(Object.isFrozen(v) && Object.isFrozen(v.nested));
  });

  test("persist: unread refs by reference, mutated loaded refs re-saved, unset initial undefined skipped", async () => {
    const { flow } = await freshFlow();
    const p = await parent(flow, "a", { untouched: [1], mutated: [1, 2], str: "s" });
    const s = new ArtifactState();
    for (const n of ["untouched", "mutated", "str"]) s.addRef(n, p.refs[n]!, p.datastore);
    (s.get("mutated") as number[]).push(3);
    s.get("str");
    s.addInitial("notSet", undefined);
    s.addInitial("init", 5);
    s.set("fresh", { a: 1 });
    const target: TaskDatastore = flow.task("1", "b", "500", 0);
    const index = await s.persist(target);
    assert.deepEqual(Object.keys(index).sort(), ["fresh", "init", "mutated", "str", "untouched"]);
    assert.deepEqual(index.untouched, p.refs.untouched);
    assert.deepEqual(index.str, p.refs.str);
    assert.notEqual(index.mutated!.sha, p.refs.mutated!.sha);
    assert.deepEqual(await target.loadArtifact("mutated", index.mutated!), [1, 2, 3]);
    assert.equal(await target.loadArtifact("init", index.init!), 5);
  });

  test("defineOn makes fields accessors over the state", () => {
    const s = new ArtifactState();
    const obj: Record<string, unknown> = {};
    s.defineOn(obj, "x");
    obj.x = 3;
    assert.equal(s.get("x"), 3);
    assert.equal(obj.x, 3);
    assert.deepEqual(Object.keys(obj), ["x"]);
  });
});

describe("ArtifactState: parent artifacts stay unread until a step reads them", () => {
  test("prefetch() and persist() read no parent bytes on a storage that reads synchronously", async () => {
    const { flow, storage } = await freshFlow();
    const p = await parent(flow, "start", { big: Buffer.alloc(1024, 1), list: [1, 2, 3] });
    // Remove the blobs: any read of a parent value would now fail with DATA_CORRUPTION.
    await fs.rm(storage.localPath("MergeFlow/data"), { recursive: true });
    const state = new ArtifactState();
    for (const [name, ref] of Object.entries(p.refs)) state.addRef(name, ref, p.datastore);
    await state.prefetch();
    const index = await state.persist(flow.task("1", "next", "77", 0));
    assert.deepEqual(index, p.refs);
  });

  test("issue 9 defect 11: a merge that fails on a conflict sets nothing", async () => {
    const { flow } = await freshFlow();
    const a = await parent(flow, "a", { same: 1, onlyA: "A", differs: 1 });
    const b = await parent(flow, "b", { same: 1, differs: 2 });
    const state = new ArtifactState();
    assert.throws(() => mergeArtifacts("join", state, [a, b], {}), mergeConflict("'differs'"));
    assert.deepEqual(state.names(), []);
  });

  test("issue 9 defect 11: include and exclude together are refused", async () => {
    const { flow } = await freshFlow();
    const a = await parent(flow, "a", { x: 1, y: 2 });
    const state = new ArtifactState();
    assert.throws(
      () => mergeArtifacts("join", state, [a], { include: ["x"], exclude: ["y"] }),
      (e: unknown) => e instanceof MetaflowError && /include and exclude cannot be used together/.test(e.message),
    );
    assert.deepEqual(state.names(), []);
  });
});
