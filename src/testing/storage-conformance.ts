/**
 * The storage conformance suite: what every StorageBackend (local directory, S3, a third party's)
 * must do, as node:test cases. Exported as `metaflow-ts/testing`.
 * @module
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import type { StorageBackend } from "../datastore/storage.js";
import { ContentAddressedStore } from "../datastore/content-addressed-store.js";
import { MetaflowError } from "../errors.js";

const text = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : Buffer.from(b).toString("utf8"));
const sha = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

/** A storage backend under test. */
export interface StorageConformanceTarget {
  /** Shown in the suite's name, e.g. `s3`. */
  readonly name: string;
  /** A reason to skip the suite (e.g. its server is not configured), or false. */
  readonly skip?: string | false;
  /** A new, empty backend for one test (e.g. under a fresh prefix). */
  fresh(): Promise<StorageBackend>;
}

/**
 * Declares the storage conformance suite for one backend (a `describe` of node:test): read/write,
 * atomic overwrites under concurrent readers, write-if-absent with one winner among concurrent
 * writers, listing (folders, pages, recursive with sizes), deletion, corruption detected by hash,
 * large and streamed objects, and the optional fast paths where a backend offers them (`equalsSync`,
 * `writeIfAbsentVisiting`). Call it at the top level of a test file run by `node --test`.
 */
export function storageConformance(backend: StorageConformanceTarget): void {
  describe(`storage conformance: ${backend.name}`, { skip: backend.skip ?? false }, () => {
    test("read, write, overwrite, exists; a missing key reads as undefined", async () => {
      const s = await backend.fresh();
      assert.equal(await s.read("a/b.json"), undefined);
      assert.equal(await s.exists("a/b.json"), false);
      await s.write("a/b.json", "one");
      await s.write("a/b.json", new TextEncoder().encode("two"));
      assert.equal(text(await s.read("a/b.json")), "two");
      assert.equal(await s.exists("a/b.json"), true);
      if (s.readSync) {
        assert.equal(text(s.readSync("a/b.json")), "two");
        assert.equal(s.readSync("a/none"), undefined);
      }
    });

    test("atomicity: concurrent readers of an overwritten value see the old or the new one whole, never a part", async () => {
      const s = await backend.fresh();
      const a = Buffer.alloc(3 * 1024 * 1024, 1);
      const b = Buffer.alloc(3 * 1024 * 1024, 2);
      await s.write("v", a);
      const writes = [s.write("v", b), s.write("v", a), s.write("v", b)];
      const reads = Array.from({ length: 6 }, () => s.read("v"));
      for (const r of await Promise.all(reads)) {
        assert.ok(r !== undefined);
        const h = sha(r);
        assert.ok(h === sha(a) || h === sha(b), "a reader saw a value that was never written");
      }
      await Promise.all(writes);
      assert.deepEqual(await s.list(""), ["v"], "no temporary object is visible");
    });

    test("write-if-absent under concurrency: exactly one writer wins and its value stays", async (t) => {
      const s = await backend.fresh();
      assert.equal(await s.writeIfAbsent("probe", "1"), true);
      if (await s.writeIfAbsent("probe", "2")) {
        // Conditional writes are part of the contract; say plainly when the server ignores them.
        t.skip(`${s.location}: the server ignored If-None-Match (conditional PUT); AWS S3, MinIO, R2 and Ceph honour it`);
        return;
      }
      const results = await Promise.all(Array.from({ length: 16 }, (_, i) => s.writeIfAbsent("claim", `writer ${i}`)));
      assert.equal(results.filter(Boolean).length, 1);
      assert.equal(text(await s.read("claim")), `writer ${results.indexOf(true)}`);
    });

    test("listing: direct children (objects and folders) sorted; recursive listing with sizes; prefixes are folders, not string prefixes", async () => {
      const s = await backend.fresh();
      await Promise.all([s.write("F/1/start/1/0.done.json", "{}"), s.write("F/1/start/2/0.done.json", "{}"), s.write("F/1/_run.json", "[]"), s.write("F/12/_run.json", "x"), s.write("G/a", "12345")]);
      assert.deepEqual(await s.list(""), ["F", "G"]);
      assert.deepEqual(await s.list("F"), ["1", "12"]);
      assert.deepEqual(await s.list("F/1"), ["_run.json", "start"]);
      assert.deepEqual(await s.list("F/1/start"), ["1", "2"]);
      assert.deepEqual(await s.list("nothing/here"), []);
      assert.deepEqual(await s.listRecursive("F/1"), [
        { key: "F/1/_run.json", size: 2 },
        { key: "F/1/start/1/0.done.json", size: 2 },
        { key: "F/1/start/2/0.done.json", size: 2 },
      ]);
      assert.equal((await s.listRecursive("")).length, 5);
      assert.deepEqual(await s.listRecursive("missing"), []);
    });

    test("listing a thousand objects (several pages on an object store)", async () => {
      const s = await backend.fresh();
      const keys = Array.from({ length: 1100 }, (_, i) => `F/1/body/${i}/0.done.json`);
      for (let i = 0; i < keys.length; i += 100) await Promise.all(keys.slice(i, i + 100).map((k) => s.write(k, "{}")));
      assert.equal((await s.list("F/1/body")).length, 1100);
      assert.equal((await s.listRecursive("F/1/body")).length, 1100);
    });

    test("deletion: a key, or a folder and all under it, not its siblings; deleting what is absent is fine", async () => {
      const s = await backend.fresh();
      await Promise.all([s.write("F/1/a", "x"), s.write("F/1/b/c", "x"), s.write("F/12/a", "x"), s.write("F/top", "x")]);
      await s.delete("F/top");
      await s.delete("F/1");
      await s.delete("F/nothing");
      assert.deepEqual(await s.list("F"), ["12"]);
      assert.equal(await s.exists("F/1/b/c"), false);
      assert.equal(text(await s.read("F/12/a")), "x");
    });

    test("corruption: a blob whose bytes no longer match its hash is reported naming its key, never returned", async () => {
      const s = await backend.fresh();
      const cas = new ContentAddressedStore(s, "F/data");
      const { sha: blob } = await cas.put(new TextEncoder().encode("precious"));
      assert.equal(text(await cas.get(blob)), "precious");
      await s.write(cas.key(blob), "tampered");
      await assert.rejects(cas.get(blob), (e: unknown) => e instanceof MetaflowError && e.code === "DATA_CORRUPTION" && e.message.includes(`F/data/${blob.slice(0, 2)}/${blob}`));
      await s.delete(cas.key(blob));
      await assert.rejects(cas.get(blob), (e: unknown) => e instanceof MetaflowError && e.code === "DATA_CORRUPTION" && /missing/.test(e.message));
    });

    test("equalsSync (where offered): equal only to exactly the stored bytes, however they are cut into chunks", async (t) => {
      const s = await backend.fresh();
      if (s.equalsSync === undefined) return void t.skip(`${backend.name} does not offer equalsSync`);
      const bytes = randomBytes(2 * 1024 * 1024 + 3);
      await s.write("blob", bytes);
      await s.write("empty", new Uint8Array(0));
      const cut = (b: Uint8Array, ...at: number[]): Uint8Array[] => [0, ...at].map((from, i) => b.subarray(from, [...at, b.byteLength][i]));
      assert.equal(s.equalsSync("blob", [bytes]), true);
      assert.equal(s.equalsSync("blob", cut(bytes, 1, 1024 * 1024 + 7, 2 * 1024 * 1024)), true);
      assert.equal(s.equalsSync("blob", [bytes.subarray(0, bytes.byteLength - 1)]), false, "a prefix is not equal");
      assert.equal(s.equalsSync("blob", [bytes, new Uint8Array([0])]), false, "longer is not equal");
      for (const at of [0, 1024 * 1024, bytes.byteLength - 1]) {
        const other = Buffer.from(bytes);
        other[at] = other[at]! ^ 1;
        assert.equal(s.equalsSync("blob", cut(other, 5)), false, `byte ${at} differs`);
      }
      assert.equal(s.equalsSync("empty", []), true);
      assert.equal(s.equalsSync("empty", [new Uint8Array(1)]), false);
      assert.equal(s.equalsSync("none", [bytes]), false, "a missing object equals nothing");
      assert.equal(s.equalsSync("none", []), false);
    });

    test("writeIfAbsentVisiting (where offered): every byte visited in order, the key named after, first writer wins, no temp object left", async (t) => {
      const s = await backend.fresh();
      if (s.writeIfAbsentVisiting === undefined) return void t.skip(`${backend.name} does not offer writeIfAbsentVisiting`);
      const write = async (data: Uint8Array, key: string): Promise<{ created: boolean; visited: string }> => {
        const hash = createHash("sha256");
        let named = false;
        const created = await s.writeIfAbsentVisiting!("F/data", data, (chunk) => {
          assert.equal(named, false, "a chunk visited after the key was named");
          hash.update(chunk);
        }, () => {
          named = true;
          return key;
        });
        return { created, visited: hash.digest("hex") };
      };
      const big = randomBytes(9 * 1024 * 1024 + 3);
      const first = await write(big, "F/data/ab/one");
      assert.deepEqual(first, { created: true, visited: sha(big) });
      assert.equal(sha((await s.read("F/data/ab/one"))!), sha(big));
      const other = randomBytes(5 * 1024 * 1024);
      assert.deepEqual(await write(other, "F/data/ab/one"), { created: false, visited: sha(other) }, "an existing key is not overwritten");
      assert.equal(sha((await s.read("F/data/ab/one"))!), sha(big));
      const racers = await Promise.all(Array.from({ length: 4 }, (_, i) => write(Buffer.alloc(4 * 1024 * 1024 + i, i), "F/data/cd/race")));
      assert.equal(racers.filter((r) => r.created).length, 1);
      const winner = racers.findIndex((r) => r.created);
      assert.equal(sha((await s.read("F/data/cd/race"))!), sha(Buffer.alloc(4 * 1024 * 1024 + winner, winner)));
      assert.deepEqual(await s.list("F/data"), ["ab", "cd"], "no temporary object is visible");
      assert.deepEqual((await s.listRecursive("F")).map((e) => e.key), ["F/data/ab/one", "F/data/cd/race"]);
    });

    test("large objects: written whole (multipart on S3) and read back intact, from bytes and from streams", async () => {
      const s = await backend.fresh();
      const big = randomBytes(40 * 1024 * 1024);
      await s.write("big/bytes", big);
      const back = await s.read("big/bytes");
      assert.equal(back?.byteLength, big.byteLength);
      assert.equal(sha(back as Uint8Array), sha(big));
      // Streamed: 24 MiB produced chunk by chunk, never held whole by the writer.
      const chunk = randomBytes(1024 * 1024);
      async function* produce() {
        for (let i = 0; i < 24; i++) yield chunk;
      }
      await s.writeStream("big/stream", produce());
      const hash = createHash("sha256");
      let size = 0;
      for await (const c of (await s.readStream("big/stream")) ?? []) {
        hash.update(c);
        size += c.byteLength;
      }
      assert.equal(size, 24 * 1024 * 1024);
      const expected = createHash("sha256");
      for (let i = 0; i < 24; i++) expected.update(chunk);
      assert.equal(hash.digest("hex"), expected.digest("hex"));
      assert.equal(await s.readStream("big/none"), undefined);
      assert.deepEqual((await s.listRecursive("big")).map((e) => e.size), [40 * 1024 * 1024, 24 * 1024 * 1024]);
    });
  });
}
