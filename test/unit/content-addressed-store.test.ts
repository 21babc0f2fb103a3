/** ContentAddressedStore: dedup by sha256, hash-verified reads. */
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ContentAddressedStore, hashWhileWritingFrom, sha256 } from "../../src/datastore/content-addressed-store.js";
import { LocalStorage } from "../../src/datastore/local-storage.js";
import type { StorageBackend } from "../../src/datastore/storage.js";
import { MetaflowError } from "../../src/errors.js";

let root: string;
before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "mf-cas-"));
});
after(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function fresh(): Promise<{ storage: LocalStorage; cas: ContentAddressedStore }> {
  const storage = new LocalStorage(await fs.mkdtemp(path.join(root, "s-")));
  return { storage, cas: new ContentAddressedStore(storage, "Flow/data") };
}

async function countFiles(dir: string): Promise<number> {
  let n = 0;
  for (const e of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
    n += e.isDirectory() ? await countFiles(path.join(dir, e.name)) : 1;
  }
  return n;
}

const isCorruption = (re: RegExp) => (e: unknown) => e instanceof MetaflowError && e.code === "DATA_CORRUPTION" && re.test(e.message);

describe("ContentAddressedStore", () => {
  test("sha256 is hex sha256 of bytes or of a string's UTF-8", () => {
    assert.equal(sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert.equal(sha256(new TextEncoder().encode("abc")), sha256("abc"));
    assert.equal(sha256(new Uint8Array()), createHash("sha256").digest("hex"));
  });

  test("put returns the sha and size; key is prefix/<sha[0:2]>/<sha>", async () => {
    const { cas, storage } = await fresh();
    const bytes = new TextEncoder().encode("hello blob");
    const info = await cas.put(bytes);
    assert.equal(info.sha, sha256(bytes));
    assert.equal(info.size, bytes.byteLength);
    assert.equal(cas.key(info.sha), `Flow/data/${info.sha.slice(0, 2)}/${info.sha}`);
    assert.deepEqual(new Uint8Array((await storage.read(cas.key(info.sha)))!), bytes);
    assert.equal(await cas.has(info.sha), true);
    assert.equal(await cas.has(sha256("other")), false);
  });

  test("same bytes -> same sha, stored once", async () => {
    const { cas, storage } = await fresh();
    const a = await cas.put(new Uint8Array([1, 2, 3]));
    const b = await cas.put(Buffer.from([1, 2, 3]));
    const c = await Promise.all(Array.from({ length: 10 }, () => cas.put(new Uint8Array([1, 2, 3]))));
    assert.equal(a.sha, b.sha);
    assert.ok(c.every((x) => x.sha === a.sha));
    assert.equal(await countFiles(storage.localPath("Flow/data")), 1);
    const d = await cas.put(new Uint8Array([3, 2, 1]));
    assert.notEqual(d.sha, a.sha);
    assert.equal(await countFiles(storage.localPath("Flow/data")), 2);
  });

  test("get round-trips the bytes", async () => {
    const { cas } = await fresh();
    const bytes = new Uint8Array(1000).map((_, i) => i % 251);
    const { sha } = await cas.put(bytes);
    assert.deepEqual(new Uint8Array(await cas.get(sha)), bytes);
    assert.deepEqual(new Uint8Array(cas.getSync(sha)!), bytes);
  });

  test("get detects a blob overwritten with other bytes: DATA_CORRUPTION naming the file and the label", async () => {
    const { cas, storage } = await fresh();
    const { sha } = await cas.put(new TextEncoder().encode("original"));
    const file = storage.localPath(cas.key(sha));
    await fs.writeFile(file, "tampered");
    const what = "artifact 'x' of Flow/1/start/2";
    const check = (e: unknown): boolean => {
      assert.ok(e instanceof MetaflowError);
      assert.equal(e.code, "DATA_CORRUPTION");
      assert.ok(e.message.includes(file), e.message);
      assert.ok(e.message.includes(what), e.message);
      assert.ok(e.message.includes(sha), e.message);
      assert.match(e.message, /corrupted/);
      return true;
    };
    await assert.rejects(cas.get(sha, what), check);
    assert.throws(() => cas.getSync(sha, what), check);
  });

  test("truncated blob is detected too", async () => {
    const { cas, storage } = await fresh();
    const { sha } = await cas.put(new TextEncoder().encode("0123456789"));
    await fs.truncate(storage.localPath(cas.key(sha)), 3);
    await assert.rejects(cas.get(sha), isCorruption(/corrupted/));
  });

  test("default label is 'blob'", async () => {
    const { cas, storage } = await fresh();
    const { sha } = await cas.put(new Uint8Array([5]));
    await fs.writeFile(storage.localPath(cas.key(sha)), "zz");
    await assert.rejects(cas.get(sha), isCorruption(/The data of blob is corrupted/));
  });

  test("missing blob -> DATA_CORRUPTION 'missing' naming the label, sha and location", async () => {
    const { cas, storage } = await fresh();
    const sha = sha256("never stored");
    const check = (e: unknown): boolean => {
      assert.ok(e instanceof MetaflowError);
      assert.equal(e.code, "DATA_CORRUPTION");
      assert.match(e.message, /missing/);
      assert.ok(e.message.includes("artifact 'y'"), e.message);
      assert.ok(e.message.includes(sha));
      assert.ok(e.message.includes(storage.location));
      return true;
    };
    await assert.rejects(cas.get(sha, "artifact 'y'"), check);
    assert.throws(() => cas.getSync(sha, "artifact 'y'"), check);
  });

  test("deleted blob after put -> missing", async () => {
    const { cas, storage } = await fresh();
    const { sha } = await cas.put(new Uint8Array([7, 7]));
    await fs.rm(storage.localPath(cas.key(sha)));
    await assert.rejects(cas.get(sha), isCorruption(/missing/));
    assert.equal(await cas.has(sha), false);
  });

  test("a big blob (hashed while written): same address as hashing first, stored once, no temp file left, corruption still caught", async () => {
    const { cas, storage } = await fresh();
    // Not a multiple of the write chunk: the last chunk is a short one.
    const big = randomBytes(hashWhileWritingFrom * 2 + 12345);
    const expected = sha256(big);
    const results = await Promise.all([cas.put(big), cas.put(big), cas.put(Buffer.from(big))]);
    assert.deepEqual(results.map((r) => r.sha), [expected, expected, expected]);
    assert.equal(results[0]!.size, big.byteLength);
    assert.equal(await countFiles(storage.localPath("Flow/data")), 1, "one blob, and every temp file removed");
    assert.equal(sha256((await storage.read(cas.key(expected)))!), expected);
    // Stored again later: the existing blob is kept as it is (first writer wins).
    const file = storage.localPath(cas.key(expected));
    const before = (await fs.stat(file)).ino;
    assert.equal((await cas.put(big)).sha, expected);
    assert.equal((await fs.stat(file)).ino, before);
    assert.equal(await countFiles(storage.localPath("Flow/data")), 1);
    // A blob one byte off at the end gets its own address.
    const other = Buffer.from(big);
    other.writeUInt8(other.readUInt8(other.length - 1) ^ 1, other.length - 1);
    assert.notEqual((await cas.put(other)).sha, expected);
    assert.deepEqual(Buffer.from(cas.getSync(expected)!), big);
    const damaged = Buffer.from(big);
    damaged.writeUInt8(damaged.readUInt8(hashWhileWritingFrom) ^ 0xff, hashWhileWritingFrom);
    await fs.writeFile(file, damaged);
    assert.throws(() => cas.getSync(expected), isCorruption(/corrupted/));
    await assert.rejects(cas.get(expected), isCorruption(/corrupted/));
  });

  test("a big blob whose folder was removed behind the store's back is still stored", async () => {
    const { cas, storage } = await fresh();
    const first = await cas.put(randomBytes(hashWhileWritingFrom));
    await fs.rm(storage.localPath("Flow"), { recursive: true });
    const big = randomBytes(hashWhileWritingFrom + 1);
    const { sha } = await cas.put(big);
    assert.deepEqual(Buffer.from(cas.getSync(sha)!), big);
    assert.equal(await cas.has(first.sha), false);
  });

  test("getSync is undefined on a backend without readSync; corruption message falls back to the key without localPath", async () => {
    const { storage } = await fresh();
    // A backend exposing only the async part of LocalStorage (no readSync, no localPath).
    const asyncOnly: StorageBackend = {
      location: storage.location,
      read: (k) => storage.read(k),
      readStream: (k) => storage.readStream(k),
      write: (k, d) => storage.write(k, d),
      writeStream: (k, s) => storage.writeStream(k, s),
      listRecursive: (p) => storage.listRecursive(p),
      writeIfAbsent: (k, d) => storage.writeIfAbsent(k, d),
      exists: (k) => storage.exists(k),
      list: (p) => storage.list(p),
      delete: (k) => storage.delete(k),
    };
    const cas = new ContentAddressedStore(asyncOnly, "F/data");
    const { sha } = await cas.put(new Uint8Array([1]));
    assert.equal(cas.getSync(sha), undefined);
    assert.deepEqual(new Uint8Array(await cas.get(sha)), new Uint8Array([1]));
    await storage.write(cas.key(sha), "bad");
    await assert.rejects(cas.get(sha), (e: unknown) => e instanceof MetaflowError && e.code === "DATA_CORRUPTION" && e.message.includes(`F/data/${sha.slice(0, 2)}/${sha}`));
  });
});
