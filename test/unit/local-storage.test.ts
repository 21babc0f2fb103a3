/** LocalStorage: atomic writes, first-writer-wins, listing, sync reads, deletes. */
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { LocalStorage } from "../../src/datastore/local-storage.js";
import { MetaflowError } from "../../src/errors.js";

let root: string;
before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "mf-ls-"));
});
after(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function fresh(): Promise<LocalStorage> {
  return new LocalStorage(await fs.mkdtemp(path.join(root, "s-")));
}

const text = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : Buffer.from(b).toString("utf8"));

describe("LocalStorage", () => {
  test("location is resolved and localPath maps / keys under it", async () => {
    const s = await fresh();
    assert.ok(path.isAbsolute(s.location));
    assert.equal(s.localPath("a/b/c.json"), path.join(s.location, "a", "b", "c.json"));
  });

  test("write/read round trip of bytes and strings, creating nested folders", async () => {
    const s = await fresh();
    const bytes = new Uint8Array([0, 1, 2, 255, 128]);
    await s.write("F/1/start/1/0.bin", bytes);
    await s.write("F/1/start/1/0.txt", "héllo");
    assert.deepEqual(new Uint8Array((await s.read("F/1/start/1/0.bin"))!), bytes);
    assert.equal(text(await s.read("F/1/start/1/0.txt")), "héllo");
    // the bytes are really on disk at localPath
    assert.equal(await fs.readFile(s.localPath("F/1/start/1/0.txt"), "utf8"), "héllo");
  });

  test("write replaces an existing value", async () => {
    const s = await fresh();
    await s.write("k", "one");
    await s.write("k", "two");
    assert.equal(text(await s.read("k")), "two");
  });

  test("read of a missing key (or missing folder) is undefined", async () => {
    const s = await fresh();
    assert.equal(await s.read("nope"), undefined);
    assert.equal(await s.read("no/such/folder/key"), undefined);
  });

  test("atomic writes leave no .tmp-* files behind, on disk or in list()", async () => {
    const s = await fresh();
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.write(`d/k${String(i).padStart(2, "0")}`, `v${i}`)));
    await Promise.all(Array.from({ length: 10 }, () => s.writeIfAbsent("d/shared", "x")));
    const listed = await s.list("d");
    assert.equal(listed.length, 21);
    assert.ok(listed.every((n) => !n.startsWith(".tmp-")));
    const onDisk = await fs.readdir(s.localPath("d"));
    assert.deepEqual(onDisk.filter((n) => n.startsWith(".tmp-")), []);
  });

  test("list() hides .tmp-* files left by a crashed writer", async () => {
    const s = await fresh();
    await s.write("d/real", "1");
    await fs.writeFile(path.join(s.localPath("d"), ".tmp-999-abcdef"), "partial");
    assert.deepEqual(await s.list("d"), ["real"]);
  });

  test("list() returns names directly under the prefix (files and folders), sorted", async () => {
    const s = await fresh();
    await s.write("p/b.json", "1");
    await s.write("p/a/x", "1");
    await s.write("p/c/y/z", "1");
    await s.write("p/10", "1");
    await s.write("p/2", "1");
    assert.deepEqual(await s.list("p"), ["10", "2", "a", "b.json", "c"]);
  });

  test("list() of a missing prefix, or of a file, is []", async () => {
    const s = await fresh();
    assert.deepEqual(await s.list("missing"), []);
    assert.deepEqual(await s.list("missing/deeper"), []);
    await s.write("file", "x");
    assert.deepEqual(await s.list("file"), []);
  });

  test("writeIfAbsent: first writer wins, later writers do not overwrite", async () => {
    const s = await fresh();
    assert.equal(await s.writeIfAbsent("w/k", "first"), true);
    assert.equal(await s.writeIfAbsent("w/k", "second"), false);
    assert.equal(text(await s.read("w/k")), "first");
    // a plain write() still replaces
    await s.write("w/k", "third");
    assert.equal(await s.writeIfAbsent("w/k", "fourth"), false);
    assert.equal(text(await s.read("w/k")), "third");
  });

  test("many concurrent writeIfAbsent on one key: exactly one returns true and its value is stored", async () => {
    for (let round = 0; round < 5; round++) {
      const s = await fresh();
      const results = await Promise.all(Array.from({ length: 25 }, (_, i) => s.writeIfAbsent("race/key", `writer-${i}`)));
      const winners = results.flatMap((r, i) => (r ? [i] : []));
      assert.equal(winners.length, 1, `round ${round}: winners ${JSON.stringify(winners)}`);
      assert.equal(text(await s.read("race/key")), `writer-${winners[0]}`);
      assert.deepEqual(await fs.readdir(s.localPath("race")), ["key"]);
    }
  });

  test("concurrent writeIfAbsent from two LocalStorage instances on the same root", async () => {
    const a = await fresh();
    const b = new LocalStorage(a.location);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).writeIfAbsent("x/y", String(i))));
    assert.equal(results.filter(Boolean).length, 1);
  });

  test("exists()", async () => {
    const s = await fresh();
    assert.equal(await s.exists("e/k"), false);
    await s.write("e/k", "1");
    assert.equal(await s.exists("e/k"), true);
    assert.equal(await s.exists("e"), true);
  });

  test("readSync matches read, undefined when missing", async () => {
    const s = await fresh();
    await s.write("r/k", new Uint8Array([9, 8, 7]));
    assert.deepEqual(new Uint8Array(s.readSync("r/k")!), new Uint8Array([9, 8, 7]));
    assert.equal(s.readSync("r/missing"), undefined);
    assert.equal(s.readSync("nothing/here/at/all"), undefined);
  });

  test("read of a folder is a STORAGE MetaflowError (not undefined)", async () => {
    const s = await fresh();
    await s.write("dir/k", "1");
    await assert.rejects(s.read("dir"), (e: unknown) => e instanceof MetaflowError && e.code === "STORAGE" && /Cannot read dir/.test(e.message));
    assert.throws(() => s.readSync("dir"), (e: unknown) => e instanceof MetaflowError && e.code === "STORAGE");
  });

  test("delete removes a key, a folder prefix recursively, and is silent when absent", async () => {
    const s = await fresh();
    await s.write("del/a", "1");
    await s.write("del/sub/b", "2");
    await s.write("keep/c", "3");
    await s.delete("del/a");
    assert.equal(await s.read("del/a"), undefined);
    assert.deepEqual(await s.list("del"), ["sub"]);
    await s.delete("del");
    assert.deepEqual(await s.list("del"), []);
    assert.equal(await s.exists("del"), false);
    await s.delete("del"); // absent: no error
    await s.delete("never/existed");
    assert.equal(text(await s.read("keep/c")), "3");
  });

  // Regression: writeTemp caches created folders in `madeDirs`; delete() must forget them.
  test("writing into a folder after it was deleted recreates the folder", async () => {
    const s = await fresh();
    await s.write("gone/a", "1");
    await s.delete("gone");
    await s.write("gone/a", "2");
    assert.equal(text(await s.read("gone/a")), "2");
    await s.delete("gone");
    assert.equal(await s.writeIfAbsent("gone/a", "3"), true);
    assert.equal(text(await s.read("gone/a")), "3");
  });
});
