/** TaskDatastore + FlowDatastore: artifact dedup, records, attempts, task listing, code packages. */
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { FlowDatastore } from "../../src/datastore/flow-datastore.js";
import { LocalStorage } from "../../src/datastore/local-storage.js";
import { MetaflowError } from "../../src/errors.js";
import { sha256 } from "../../src/datastore/content-addressed-store.js";
import { numberArraySerializer } from "../../src/datastore/serializers/number-array-serializer.js";
import type { StorageBackend } from "../../src/datastore/storage.js";
import type { AttemptRecord, DoneRecord } from "../../src/protocol/task-records.js";

let root: string;
before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "mf-tds-"));
});
after(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function fresh(): Promise<{ storage: LocalStorage; flow: FlowDatastore }> {
  const storage = new LocalStorage(await fs.mkdtemp(path.join(root, "s-")));
  return { storage, flow: new FlowDatastore(storage, "DemoFlow") };
}

async function countFiles(dir: string): Promise<number> {
  let n = 0;
  for (const e of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
    n += e.isDirectory() ? await countFiles(path.join(dir, e.name)) : 1;
  }
  return n;
}

const attemptRecord = (attempt: number): AttemptRecord => ({ attempt, startedAt: "2024-01-01T00:00:00.000Z", pid: 123, inputPaths: ["1/start/1"], foreachStack: [] });
const doneOk = (attempt: number): Extract<DoneRecord, { status: "ok" }> => ({ status: "ok", attempt, finishedAt: "2024-01-01T00:00:01.000Z", transition: { kind: "linear", to: "end" }, foreachStack: [] });

describe("TaskDatastore", () => {
  test("pathspec and key layout", async () => {
    const { flow, storage } = await fresh();
    const t = flow.task("7", "start", "3", 1);
    assert.equal(t.pathspec, "DemoFlow/7/start/3");
    await t.writeAttempt(attemptRecord(1));
    await t.writeDone({ ...doneOk(1), index: {} });
    await t.writeLog("stdout", "out");
    assert.deepEqual(await storage.list("DemoFlow/7/start/3"), ["1.attempt.json", "1.done.json", "1.stdout"]);
  });

  test("the done record carries the artifact index: one record, read back by a new reader", async () => {
    const { flow, storage } = await fresh();
    const t = flow.task("1", "start", "1", 0);
    const x = await t.saveArtifact("x", 42);
    await t.writeAttempt(attemptRecord(0));
    await t.writeDone({ ...doneOk(0), index: { x } });
    assert.deepEqual(await storage.list("DemoFlow/1/start/1"), ["0.attempt.json", "0.done.json"]);
    const reader = flow.task("1", "start", "1", 0);
    assert.deepEqual(await reader.readArtifactIndex(), { x });
    assert.deepEqual(flow.task("1", "start", "1", 0).readArtifactIndexSync(), { x });
    assert.equal(await reader.loadArtifact("x", (await reader.readArtifactIndex()).x!), 42);
  });

  test("older layout: an index in data.json beside a done record without one still reads (async and sync)", async () => {
    const { flow, storage } = await fresh();
    const x = await flow.task("1", "start", "1", 0).saveArtifact("x", "old");
    // Written as versions before the done record carried the index wrote them.
    await storage.write("DemoFlow/1/start/1/0.attempt.json", JSON.stringify(attemptRecord(0)));
    await storage.write("DemoFlow/1/start/1/0.data.json", JSON.stringify({ x }));
    await storage.write("DemoFlow/1/start/1/0.done.json", JSON.stringify(doneOk(0)));
    assert.deepEqual(await flow.task("1", "start", "1", 0).readArtifactIndex(), { x });
    assert.deepEqual(flow.task("1", "start", "1", 0).readArtifactIndexSync(), { x });
    const ds = await flow.latestDoneAttempt("1", "start", "1");
    assert.equal(await ds!.loadArtifact("x", (await ds!.readArtifactIndex()).x!), "old");
  });

  test("saveArtifact dedups across two tasks: same sha, one blob", async () => {
    const { flow, storage } = await fresh();
    const a = flow.task("1", "a", "2", 0);
    const b = flow.task("1", "b", "3", 0);
    const value = { rows: [1, 2, 3], label: "x" };
    const ra = await a.saveArtifact("data", value);
    const rb = await b.saveArtifact("other_name", { rows: [1, 2, 3], label: "x" });
    assert.equal(ra.sha, rb.sha);
    assert.equal(ra.encoding, "v8");
    assert.equal(ra.type, "Object");
    assert.ok(ra.size > 0);
    assert.equal(await countFiles(storage.localPath("DemoFlow/data")), 1);
    await a.saveArtifact("different", [1]);
    assert.equal(await countFiles(storage.localPath("DemoFlow/data")), 2);
    // either task loads it
    assert.deepEqual(await b.loadArtifact("data", ra), value);
    assert.deepEqual(a.loadArtifactSync("data", rb), { value });
  });

  test("saveArtifact refuses unstorable values with ARTIFACT_SERIALIZATION", async () => {
    const { flow } = await fresh();
    await assert.rejects(flow.task("1", "s", "1", 0).saveArtifact("f", { f: () => 1 }), (e: unknown) => e instanceof MetaflowError && e.code === "ARTIFACT_SERIALIZATION");
  });

  test("Buffer artifacts round trip through the datastore as Buffers", async () => {
    const { flow } = await fresh();
    const t = flow.task("1", "s", "1", 0);
    const ref = await t.saveArtifact("buf", Buffer.from("bytes!"));
    assert.equal(ref.encoding, "buffer");
    const back = await t.loadArtifact("buf", ref);
    assert.ok(Buffer.isBuffer(back));
    assert.equal((back as Buffer).toString(), "bytes!");
  });

  test("a big number array is stored a slice at a time: the same blob as its whole encoding, loaded back equal, changed values get their own", async () => {
    const { storage } = await fresh();
    let chunked = 0;
    // LocalStorage's members, counting the chunked writes; `withChunks: false`: a backend without them.
    const backend = (withChunks: boolean): StorageBackend => ({
      location: storage.location,
      read: (k) => storage.read(k),
      readSync: (k) => storage.readSync(k),
      readStream: (k) => storage.readStream(k),
      write: (k, d) => storage.write(k, d),
      writeStream: (k, src) => storage.writeStream(k, src),
      writeIfAbsent: (k, d) => storage.writeIfAbsent(k, d),
      exists: (k) => storage.exists(k),
      list: (p) => storage.list(p),
      listRecursive: (p) => storage.listRecursive(p),
      delete: (k) => storage.delete(k),
      ...(withChunks ? { writeIfAbsentVisiting: (...a: Parameters<LocalStorage["writeIfAbsentVisiting"]>) => (chunked++, storage.writeIfAbsentVisiting(...a)) } : {}),
    });
    // 600,000 numbers = 4.8 MB of float64s: streamed; not a multiple of the 64 Ki-number slice.
    const value = Array.from({ length: 600_000 }, (_, i) => (i % 7 === 0 ? -0 : i / 3));
    const t = new FlowDatastore(backend(true), "DemoFlow").task("1", "start", "1", 0);
    const ref = await t.saveArtifact("numbers", value);
    assert.equal(chunked, 1);
    const whole = numberArraySerializer.encode(value)!;
    assert.deepEqual(ref, { sha: sha256(whole), size: whole.byteLength, encoding: "float64-array", type: "Array" });
    assert.deepEqual(await t.loadArtifact("numbers", ref), value);
    assert.deepEqual(t.loadArtifactSync("numbers", ref)?.value, value);
    // The same through a backend without chunked writes (the whole encoding is hashed, then written).
    assert.deepEqual(await new FlowDatastore(backend(false), "DemoFlow").task("1", "start", "2", 0).saveArtifact("numbers", value), ref);
    value[value.length - 1] = 1.5;
    const changed = await t.saveArtifact("numbers", value);
    assert.equal(chunked, 2);
    assert.notEqual(changed.sha, ref.sha);
    assert.deepEqual(await t.loadArtifact("numbers", changed), value);
    assert.equal(await countFiles(storage.localPath("DemoFlow/data")), 2, "two blobs, no temp file left");
    // A shorter array stays with the whole encoding (small writes are synchronous).
    await t.saveArtifact("few", value.slice(0, 2000));
    assert.equal(chunked, 2);
  });

  test("loadArtifact of a corrupted blob names the artifact and the task", async () => {
    const { flow, storage } = await fresh();
    const t = flow.task("9", "train", "4", 0);
    const ref = await t.saveArtifact("model", [1, 2, 3]);
    await fs.writeFile(storage.localPath(flow.blobs.key(ref.sha)), "garbage");
    await assert.rejects(t.loadArtifact("model", ref), (e: unknown) => e instanceof MetaflowError && e.code === "DATA_CORRUPTION" && e.message.includes("artifact 'model' of DemoFlow/9/train/4"));
  });

  test("artifact index, attempt record and done record round trip", async () => {
    const { flow } = await fresh();
    const t = flow.task("1", "start", "1", 0);
    assert.deepEqual(await t.readArtifactIndex(), {});
    assert.equal(await t.readAttempt(), undefined);
    assert.equal(await t.readDone(), undefined);
    const x = await t.saveArtifact("x", 42);
    const y = await t.saveArtifact("y", new Map([["k", "v"]]));
    await t.writeArtifactIndex({ x, y });
    await t.writeAttempt(attemptRecord(0));
    const failed: DoneRecord = { status: "failed", attempt: 0, finishedAt: "t", error: { name: "Error", message: "boom", code: "TASK_FAILED" }, foreachStack: [{ step: "s", count: 2, index: 1, task: "1/s/1", over: "items" }] };
    await t.writeDone(failed);
    assert.deepEqual(await t.readArtifactIndex(), { x, y });
    assert.deepEqual(await t.readAttempt(), attemptRecord(0));
    assert.deepEqual(await t.readDone(), failed);
    const again = flow.task("1", "start", "1", 0);
    const idx = await again.readArtifactIndex();
    assert.equal(await again.loadArtifact("x", idx.x!), 42);
    assert.deepEqual(await again.loadArtifact("y", idx.y!), new Map([["k", "v"]]));
  });

  test("records of different attempts are separate", async () => {
    const { flow } = await fresh();
    await flow.task("1", "s", "1", 0).writeDone(doneOk(0));
    assert.equal(await flow.task("1", "s", "1", 1).readDone(), undefined);
  });

  test("logs: stored per stream and attempt, '' when absent", async () => {
    const { flow } = await fresh();
    const t = flow.task("1", "s", "1", 0);
    assert.equal(await t.readLog("stdout"), "");
    await t.writeLog("stdout", "hello\n");
    await t.writeLog("stderr", Buffer.from("warn ✓\n"));
    assert.equal(await t.readLog("stdout"), "hello\n");
    assert.equal(await t.readLog("stderr"), "warn ✓\n");
    assert.equal(await flow.task("1", "s", "1", 1).readLog("stdout"), "");
  });
});

describe("FlowDatastore", () => {
  test("listAttempts ascending and numeric; latestDoneAttempt skips an attempt without done marker", async () => {
    const { flow } = await fresh();
    for (const n of [0, 1, 2, 10]) await flow.task("1", "s", "1", n).writeAttempt(attemptRecord(n));
    await flow.task("1", "s", "1", 0).writeDone(doneOk(0));
    await flow.task("1", "s", "1", 2).writeDone(doneOk(2));
    assert.deepEqual(await flow.listAttempts("1", "s", "1"), [0, 1, 2, 10]);
    const latest = await flow.latestDoneAttempt("1", "s", "1");
    assert.equal(latest?.attempt, 2);
    assert.equal((await latest!.readDone())?.attempt, 2);
  });

  test("latestDoneAttempt: a failed done record counts as done", async () => {
    const { flow } = await fresh();
    await flow.task("1", "s", "1", 0).writeAttempt(attemptRecord(0));
    await flow.task("1", "s", "1", 0).writeDone(doneOk(0));
    await flow.task("1", "s", "1", 1).writeAttempt(attemptRecord(1));
    await flow.task("1", "s", "1", 1).writeDone({ status: "failed", attempt: 1, finishedAt: "t", error: { name: "E", message: "m" }, foreachStack: [] });
    assert.equal((await flow.latestDoneAttempt("1", "s", "1"))?.attempt, 1);
  });

  test("latestDoneAttempt: undefined when no attempt is done, or the task does not exist", async () => {
    const { flow } = await fresh();
    await flow.task("1", "s", "1", 0).writeAttempt(attemptRecord(0));
    assert.equal(await flow.latestDoneAttempt("1", "s", "1"), undefined);
    assert.equal(await flow.latestDoneAttempt("1", "s", "99"), undefined);
    assert.deepEqual(await flow.listAttempts("nope", "s", "1"), []);
  });

  test("listTasks: numeric order (2 before 10)", async () => {
    const { flow } = await fresh();
    for (const id of ["10", "2", "1", "33", "100"]) await flow.task("1", "body", id, 0).writeAttempt(attemptRecord(0));
    assert.deepEqual(await flow.listTasks("1", "body"), ["1", "2", "10", "33", "100"]);
    assert.deepEqual(await flow.listTasks("1", "missing"), []);
  });

  test("listSteps: step folders only, not run-level files", async () => {
    const { flow, storage } = await fresh();
    await storage.write("DemoFlow/5/_run.json", "{}");
    await storage.write("DemoFlow/5/_end.json", "{}");
    await flow.task("5", "start", "1", 0).writeAttempt(attemptRecord(0));
    await flow.task("5", "end", "2", 0).writeAttempt(attemptRecord(0));
    assert.deepEqual(await flow.listSteps("5"), ["end", "start"]);
  });

  test("putCodePackage is content-addressed and idempotent", async () => {
    const { flow, storage } = await fresh();
    const code = "export default 1;\n";
    const sha1 = await flow.putCodePackage(code);
    const sha2 = await flow.putCodePackage(code);
    const shas = await Promise.all(Array.from({ length: 5 }, () => flow.putCodePackage(code)));
    assert.equal(sha1, sha2);
    assert.ok(shas.every((s) => s === sha1));
    assert.match(sha1, /^[0-9a-f]{64}$/);
    assert.equal(flow.codeKey(sha1), `DemoFlow/code/${sha1}.mjs`);
    assert.deepEqual(await storage.list("DemoFlow/code"), [`${sha1}.mjs`]);
    assert.equal(await flow.readCodePackage(sha1), code);
    const other = await flow.putCodePackage("export default 2;\n");
    assert.notEqual(other, sha1);
    assert.equal((await storage.list("DemoFlow/code")).length, 2);
    assert.equal(await flow.readCodePackage("0".repeat(64)), undefined);
  });

  test("two flows in one storage keep their blobs apart", async () => {
    const { storage } = await fresh();
    const a = new FlowDatastore(storage, "A");
    const b = new FlowDatastore(storage, "B");
    const ra = await a.task("1", "s", "1", 0).saveArtifact("v", "same");
    const rb = await b.task("1", "s", "1", 0).saveArtifact("v", "same");
    assert.equal(ra.sha, rb.sha);
    assert.equal(await countFiles(storage.localPath("A/data")), 1);
    assert.equal(await countFiles(storage.localPath("B/data")), 1);
  });
});
