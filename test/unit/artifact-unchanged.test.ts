/**
 * ArtifactState.persist on artifacts loaded from a parent: left alone they keep the parent's
 * reference (no new blob); changed in place in any way (an element, a length, a named property,
 * a byte, a prototype) they are stored anew, and a value that became unstorable is refused.
 */
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import { FlowDatastore } from "../../src/datastore/flow-datastore.js";
import { LocalStorage } from "../../src/datastore/local-storage.js";
import { MetaflowError } from "../../src/errors.js";
import type { StorageBackend } from "../../src/datastore/storage.js";
import type { ArtifactRef } from "../../src/protocol/task-records.js";
import { ArtifactState } from "../../src/task/artifact-state.js";

let root: string;
let flow: FlowDatastore;
let nextTask = 1;
before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "mf-unchanged-"));
  flow = new FlowDatastore(new LocalStorage(root), "UnchangedFlow");
});
after(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

/** Stores `value` in a parent task, loads it into a child's state, applies `change`, persists the child. */
async function persistAfter<T>(value: T, change: (loaded: T) => void): Promise<{ before: ArtifactRef; after: ArtifactRef; stored: unknown }> {
  const parent = flow.task("1", "a", String(nextTask++), 0);
  const before = await parent.saveArtifact("x", value);
  const state = new ArtifactState();
  state.addRef("x", before, parent);
  change(state.get("x") as T);
  const child = flow.task("1", "b", String(nextTask++), 0);
  const after = (await state.persist(child))["x"]!;
  return { before, after, stored: await child.loadArtifact("x", after) };
}

describe("a loaded artifact at the end of the step", () => {
  test("read and left alone: the same reference (arrays, objects, Buffers, typed arrays)", async () => {
    const values: unknown[] = [
      Array.from({ length: 1000 }, (_, i) => i * 0.5),
      { rows: [{ a: 1 }, { a: 2.5 }], m: new Map([["k", [1, 2]]]) },
      Buffer.from("some bytes"),
      new Uint8Array([1, 2, 3]),
      new Float64Array([0.5, -0, Number.NaN]),
    ];
    for (const v of values) {
      const r = await persistAfter(v, () => undefined);
      assert.deepEqual(r.after, r.before, `unchanged ${Object.prototype.toString.call(v)}`);
    }
  });

  test("an element changed in place in a number array (same length) is stored anew", async () => {
    const r = await persistAfter(Array.from({ length: 1000 }, (_, i) => i * 0.5), (a) => void (a[500] = 1e9));
    assert.notEqual(r.after.sha, r.before.sha);
    assert.equal((r.stored as number[])[500], 1e9);
  });

  test("a large number array (float64 encoding): unchanged keeps the reference; an element, a named property or a string item is a change", async () => {
    const numbers = (): number[] => Array.from({ length: 10_000 }, (_, i) => i * 0.5);
    const same = await persistAfter(numbers(), (a) => void a.reduce((x, y) => x + y, 0));
    assert.equal(same.before.encoding, "float64-array");
    assert.deepEqual(same.after, same.before);
    const element = await persistAfter(numbers(), (a) => void (a[9_999] = -1));
    assert.notEqual(element.after.sha, element.before.sha);
    assert.equal((element.stored as number[])[9_999], -1);
    const named = await persistAfter(numbers(), (a) => void Object.assign(a, { unit: "m" }));
    assert.notEqual(named.after.sha, named.before.sha);
    assert.equal((named.stored as number[] & { unit?: string }).unit, "m");
    const item = await persistAfter(numbers(), (a) => void ((a as unknown[])[0] = "zero"));
    assert.equal(item.after.encoding, "v8");
    assert.equal((item.stored as unknown[])[0], "zero");
    const longer = await persistAfter(numbers(), (a) => void a.push(1));
    assert.equal((longer.stored as number[]).length, 10_001);
  });

  test("-0 written over 0 counts as a change", async () => {
    const r = await persistAfter([0, 1, 2], (a) => void (a[0] = -0));
    assert.notEqual(r.after.sha, r.before.sha);
    assert.ok(Object.is((r.stored as number[])[0], -0));
  });

  test("a named property added to an array is a change, and is stored", async () => {
    const r = await persistAfter([1, 2, 3], (a) => void Object.assign(a, { label: "x" }));
    assert.notEqual(r.after.sha, r.before.sha);
    assert.equal((r.stored as number[] & { label?: string }).label, "x");
  });

  test("a nested object changed in place is stored anew", async () => {
    const r = await persistAfter({ rows: [{ a: 1 }, { a: 2 }] }, (v) => void (v.rows[1]!.a = 3));
    assert.deepEqual(r.stored, { rows: [{ a: 1 }, { a: 3 }] });
  });

  test("one byte of a Buffer changed in place is stored anew", async () => {
    const r = await persistAfter(Buffer.alloc(1 << 20, 7), (b) => void (b[123_456] = 8));
    assert.notEqual(r.after.sha, r.before.sha);
    assert.equal((r.stored as Buffer)[123_456], 8);
    assert.ok(Buffer.isBuffer(r.stored));
  });

  test("a class instance put into a loaded array is refused, naming where it is", async () => {
    class Model {
      predict(): number {
        return 1;
      }
    }
    await assert.rejects(
      persistAfter([{ a: 1 }, { a: 2 }] as unknown[], (a) => void (a[1] = new Model())),
      (e: unknown) => e instanceof MetaflowError && /class Model at \[1\]/.test(e.message),
    );
  });

  test("a large number array an earlier version stored with structured clone: read back, kept by reference when unchanged", async () => {
    const numbers = Array.from({ length: 5000 }, (_, i) => i * 0.25);
    const parent = flow.task("1", "a", String(nextTask++), 0);
    const before = await parent.saveEncoded({ encoding: "v8", bytes: v8.serialize(numbers), type: "Array" });
    for (const change of [false, true]) {
      const state = new ArtifactState();
      state.addRef("x", before, parent);
      const loaded = state.get("x") as number[];
      assert.deepStrictEqual(loaded, numbers);
      if (change) loaded[0] = 99;
      const child = flow.task("1", "b", String(nextTask++), 0);
      const after = (await state.persist(child))["x"]!;
      if (!change) assert.deepEqual(after, before);
      else assert.equal(after.encoding, "float64-array");
    }
  });
});

/**
 * The local datastore proves a loaded Buffer or number array unchanged by comparing it with the blob
 * file it was read from (no second sha256 pass); a storage without that comparison hashes it. Both
 * ways must see every change, wherever it is (first byte, last byte, across the 1 MiB read slices).
 */
describe("proving big loaded values unchanged: compared with the stored blob, or hashed", () => {
  /** A local datastore whose storage counts the comparisons it makes, or has none (`compare: false`). */
  async function datastore(compare: boolean): Promise<{ flow: FlowDatastore; local: LocalStorage; comparisons: () => number }> {
    const local = new LocalStorage(await fs.mkdtemp(path.join(root, compare ? "compare-" : "hash-")));
    let comparisons = 0;
    const storage: StorageBackend = {
      location: local.location,
      read: (k) => local.read(k),
      readSync: (k) => local.readSync(k),
      readStream: (k) => local.readStream(k),
      write: (k, d) => local.write(k, d),
      writeStream: (k, s) => local.writeStream(k, s),
      writeIfAbsent: (k, d) => local.writeIfAbsent(k, d),
      exists: (k) => local.exists(k),
      list: (p) => local.list(p),
      listRecursive: (p) => local.listRecursive(p),
      delete: (k) => local.delete(k),
      localPath: (k) => local.localPath(k),
      ...(compare ? { equalsSync: (k: string, chunks: Iterable<Uint8Array>) => (comparisons++, local.equalsSync(k, chunks)) } : {}),
    };
    return { flow: new FlowDatastore(storage, "UnchangedFlow"), local, comparisons: () => comparisons };
  }

  async function persistIn<T>(ds: FlowDatastore, value: T, change: (loaded: T) => void): Promise<{ before: ArtifactRef; after: ArtifactRef; stored: unknown }> {
    const parent = ds.task("1", "a", String(nextTask++), 0);
    const before = await parent.saveArtifact("x", value);
    const state = new ArtifactState();
    state.addRef("x", before, parent);
    change(state.get("x") as T);
    const child = ds.task("1", "b", String(nextTask++), 0);
    const after = (await state.persist(child))["x"]!;
    return { before, after, stored: await child.loadArtifact("x", after) };
  }

  const size = 3 * 1024 * 1024 + 5; // more than two read slices, not a multiple of one
  const bytes = (): Buffer => Buffer.alloc(size, 3).fill(9, 1024 * 1024 - 2, 1024 * 1024 + 2);
  const numbers = (): number[] => Array.from({ length: 300_000 }, (_, i) => i * 0.25);

  for (const compare of [true, false]) {
    const how = compare ? "compared with the blob file" : "hashed (no comparison in the storage)";

    test(`${how}: an unchanged Buffer, Uint8Array and number array keep their reference`, async () => {
      const { flow: ds, comparisons } = await datastore(compare);
      for (const value of [bytes(), new Uint8Array(bytes()), numbers()]) {
        const r = await persistIn(ds, value, () => undefined);
        assert.deepEqual(r.after, r.before);
      }
      assert.equal(comparisons(), compare ? 3 : 0);
    });

    test(`${how}: a Buffer changed in place (first byte, last byte, at a slice boundary) is stored anew`, async () => {
      const { flow: ds } = await datastore(compare);
      for (const at of [0, size - 1, 1024 * 1024, 2 * 1024 * 1024 - 1]) {
        const r = await persistIn(ds, bytes(), (b) => void (b[at] = 200));
        assert.notEqual(r.after.sha, r.before.sha, `byte ${at}`);
        assert.equal((r.stored as Buffer)[at], 200);
        assert.ok(Buffer.isBuffer(r.stored));
      }
      const plain = await persistIn(ds, new Uint8Array(bytes()), (b) => void (b[size - 1] = 1));
      assert.notEqual(plain.after.sha, plain.before.sha);
      assert.equal(plain.after.encoding, "bytes");
    });

    test(`${how}: a number array changed in place (last element, -0 over 0, NaN) is stored anew`, async () => {
      const { flow: ds } = await datastore(compare);
      const last = await persistIn(ds, numbers(), (a) => void (a[a.length - 1] = 1));
      assert.notEqual(last.after.sha, last.before.sha);
      assert.equal((last.stored as number[])[299_999], 1);
      const zero = await persistIn(ds, numbers(), (a) => void (a[0] = -0));
      assert.notEqual(zero.after.sha, zero.before.sha);
      assert.ok(Object.is((zero.stored as number[])[0], -0));
      const nan = await persistIn(ds, numbers(), (a) => void (a[150_000] = Number.NaN));
      assert.ok(Number.isNaN((nan.stored as number[])[150_000]));
      const shorter = await persistIn(ds, numbers(), (a) => void a.pop());
      assert.equal((shorter.stored as number[]).length, 299_999);
    });
  }

  test("a blob file damaged after it was read: an unchanged Buffer still keeps its reference (hashed), a changed one is stored", async () => {
    const { flow: ds, local } = await datastore(true);
    const parent = ds.task("1", "a", String(nextTask++), 0);
    const before = await parent.saveArtifact("x", bytes());
    const file = local.localPath(parent.blobs.key(before.sha));
    for (const change of [false, true]) {
      const state = new ArtifactState();
      state.addRef("x", before, parent);
      const loaded = state.get("x") as Buffer;
      await fs.writeFile(file, Buffer.alloc(size, 3)); // same length, other bytes
      if (change) loaded[7] = 1;
      const after = (await state.persist(ds.task("1", "b", String(nextTask++), 0)))["x"]!;
      if (change) assert.notEqual(after.sha, before.sha);
      else assert.deepEqual(after, before);
      await fs.writeFile(file, bytes());
    }
  });
});
