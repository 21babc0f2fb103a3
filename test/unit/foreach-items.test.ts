/**
 * `this.input` of a foreach task: the item of the split's list at the task's index. A thread keeps a
 * list of primitives it has read (every task of a wide foreach needs the same list), and never keeps a
 * list holding objects, which a task could change under the next one.
 */
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { FlowDatastore } from "../../src/datastore/flow-datastore.js";
import { LocalStorage } from "../../src/datastore/local-storage.js";
import { ForeachView, type FrameSource } from "../../src/task/foreach-stack.js";

/** Local storage that counts blob reads. */
class CountingStorage extends LocalStorage {
  blobReads = 0;
  override readSync(key: string): Uint8Array | undefined {
    if (!key.endsWith(".json")) this.blobReads += 1;
    return super.readSync(key);
  }
}

let root: string;
let storage: CountingStorage;
let flow: FlowDatastore;
before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "mf-foreach-items-"));
  storage = new CountingStorage(root);
  flow = new FlowDatastore(storage, "SplitFlow");
});
after(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function splitOver(runId: string, items: unknown): Promise<(index: number) => ForeachView> {
  const split = flow.task(runId, "start", "1", 0);
  const ref = await split.saveArtifact("items", items);
  return (index) => {
    const source: FrameSource = {
      frame: { step: "start", count: 3, index, task: `SplitFlow/${runId}/start/1`, over: "items" },
      datastore: split,
      index: { items: ref },
    };
    return new ForeachView([source]);
  };
}

describe("foreach input", () => {
  test("a list of primitives is read once per thread, each task gets its own item", async () => {
    const view = await splitOver("1", Array.from({ length: 5000 }, (_, i) => `item-${i}`));
    const before = storage.blobReads;
    assert.equal(view(0).input(), "item-0");
    assert.equal(view(4999).input(), "item-4999");
    assert.equal(view(17).input(), "item-17");
    assert.deepEqual(view(3).stack().map((f) => f.value), ["item-3"]);
    assert.equal(storage.blobReads - before, 1);
  });

  test("a number list (float64 encoding) is kept as well", async () => {
    const view = await splitOver("2", Array.from({ length: 3000 }, (_, i) => i * 0.5));
    const before = storage.blobReads;
    assert.equal(view(2999).input(), 1499.5);
    assert.equal(view(1).input(), 0.5);
    assert.equal(storage.blobReads - before, 1);
  });

  test("a list holding objects is decoded per task: a change one task makes is not seen by the next", async () => {
    const view = await splitOver("3", [{ n: 1 }, { n: 2 }, { n: 3 }]);
    const before = storage.blobReads;
    const first = view(1).input() as { n: number };
    first.n = 99;
    assert.deepEqual(view(1).input(), { n: 2 });
    assert.equal(storage.blobReads - before, 2);
  });
});
