/**
 * loadParents: a join over many inputs (read a few at a time) gets every parent, in input order, from
 * its latest done attempt; the parent shared by a foreach's body tasks is read once per thread.
 */
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { FlowDatastore } from "../../src/datastore/flow-datastore.js";
import { LocalStorage } from "../../src/datastore/local-storage.js";
import { MetaflowError } from "../../src/errors.js";
import type { AttemptRecord, DoneRecord } from "../../src/protocol/task-records.js";
import { loadParents } from "../../src/task/load-parents.js";

let root: string;
before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "mf-parents-"));
});
after(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const attempt = (n: number): AttemptRecord => ({ attempt: n, startedAt: "2024-01-01T00:00:00.000Z", pid: 1, inputPaths: ["1/start/1"], foreachStack: [] });
const ok = (n: number): Extract<DoneRecord, { status: "ok" }> => ({ status: "ok", attempt: n, finishedAt: "2024-01-01T00:00:01.000Z", transition: { kind: "linear", to: "join" }, foreachStack: [] });

describe("loadParents", () => {
  test("100 parents come back in input order, each from its latest done attempt, with its own index", async () => {
    const flow = new FlowDatastore(new LocalStorage(await fs.mkdtemp(path.join(root, "s-"))), "ManyFlow");
    const ids = Array.from({ length: 100 }, (_, i) => String(i + 2));
    for (const [i, id] of ids.entries()) {
      // every 7th task succeeded on its second attempt; every 11th has a later attempt that never finished
      const last = i % 7 === 0 ? 1 : 0;
      for (let a = 0; a <= last; a++) {
        const t = flow.task("1", "body", id, a);
        await t.writeAttempt(attempt(a));
        await t.writeArtifactIndex({ square: await t.saveArtifact("square", a === last ? i * i : -1) });
        await t.writeDone(a === last ? ok(a) : { status: "failed", attempt: a, finishedAt: "t", error: { name: "E", message: "m" }, foreachStack: [] });
      }
      if (i % 11 === 0) await flow.task("1", "body", id, last + 1).writeAttempt(attempt(last + 1));
    }
    const reversed = [...ids].reverse().map((id) => `1/body/${id}`);
    const parents = await loadParents(flow, reversed);
    assert.deepEqual(parents.map((p) => p.pathspec), reversed);
    for (const [k, p] of parents.entries()) {
      const i = ids.length - 1 - k;
      assert.equal(p.datastore.attempt, i % 7 === 0 ? 1 : 0, `${p.pathspec} is read from its latest done attempt`);
      assert.equal(p.done.status, "ok");
      assert.equal(await p.datastore.loadArtifact("square", p.index["square"]!), i * i);
    }
  });

  test("the parent every body task of a foreach shares is read once per thread; a parent that failed is not remembered", async () => {
    let reads = 0;
    class CountingStorage extends LocalStorage {
      override read(key: string): Promise<Uint8Array | undefined> {
        if (key.startsWith("ManyFlow/1/start/")) reads += 1;
        return super.read(key);
      }
    }
    const flow = new FlowDatastore(new CountingStorage(await fs.mkdtemp(path.join(root, "s-"))), "ManyFlow");
    const start = flow.task("1", "start", "1", 0);
    await start.writeAttempt(attempt(0));
    await start.writeDone({ ...ok(0), index: { items: await start.saveArtifact("items", [1, 2, 3]) } });
    for (let i = 0; i < 5; i++) {
      const [parent] = await loadParents(flow, ["1/start/1"]);
      assert.deepEqual(await parent?.datastore.loadArtifact("items", parent.index["items"]!), [1, 2, 3]);
    }
    assert.equal(reads, 1, "the start task's done record (with its index) was read once");
    await flow.task("1", "start", "2", 0).writeAttempt(attempt(0));
    await assert.rejects(loadParents(flow, ["1/start/2"]), MetaflowError);
    await flow.task("1", "start", "2", 0).writeDone({ ...ok(0), index: {} });
    assert.deepEqual((await loadParents(flow, ["1/start/2"]))[0]?.index, {}, "found once it succeeded");
  });

  test("a parent without a successful attempt is an error naming it", async () => {
    const flow = new FlowDatastore(new LocalStorage(await fs.mkdtemp(path.join(root, "s-"))), "ManyFlow");
    await flow.task("1", "body", "2", 0).writeAttempt(attempt(0));
    await flow.task("1", "body", "2", 0).writeDone(ok(0));
    await flow.task("1", "body", "3", 0).writeAttempt(attempt(0));
    await assert.rejects(loadParents(flow, ["1/body/2", "1/body/3"]), (e: unknown) => e instanceof MetaflowError && /ManyFlow\/1\/body\/3 has no successful attempt/.test(e.message));
  });
});
