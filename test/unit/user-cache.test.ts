/** The per-user code-package cache: where it is, and what a gc sweep deletes (idle files only). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { CACHE_IDLE_MS, sweepUserCache, userCacheDir } from "../../src/loader/user-cache.js";

test("the cache is <tmp>/metaflow-ts-<uid>", () => {
  assert.equal(userCacheDir(), path.join(os.tmpdir(), `metaflow-ts-${os.userInfo().uid}`));
});

test("a sweep deletes code packages and analyses idle for CACHE_IDLE_MS, keeps recent ones; --dry-run deletes nothing", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "mfts-cache-"));
  try {
    await mkdir(path.join(dir, "code"));
    await mkdir(path.join(dir, "graphs"));
    const now = Date.now();
    const old = new Date(now - CACHE_IDLE_MS - 60_000);
    const files = { oldCode: path.join(dir, "code", "a.mjs"), oldGraph: path.join(dir, "graphs", "b.json"), fresh: path.join(dir, "code", "c.mjs") };
    await writeFile(files.oldCode, "x".repeat(1000));
    await writeFile(files.oldGraph, "{}");
    await writeFile(files.fresh, "y".repeat(10));
    await utimes(files.oldCode, old, old);
    await utimes(files.oldGraph, old, old);

    const dry = await sweepUserCache({ dir, dryRun: true, now });
    assert.deepEqual(dry, { dir, files: 2, bytes: 1002 });
    assert.ok(existsSync(files.oldCode) && existsSync(files.oldGraph));

    const done = await sweepUserCache({ dir, now });
    assert.deepEqual(done, { dir, files: 2, bytes: 1002 });
    assert.ok(!existsSync(files.oldCode) && !existsSync(files.oldGraph));
    assert.ok(existsSync(files.fresh), "a file used within the hour is kept");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a missing cache is an empty sweep", async () => {
  const dir = path.join(os.tmpdir(), `mfts-no-cache-${process.pid}`);
  assert.deepEqual(await sweepUserCache({ dir }), { dir, files: 0, bytes: 0 });
});
