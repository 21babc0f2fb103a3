/** Stale temp files of the local datastore: which are removed, and never one a live writer owns (issue 9, defect 14). */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdir, readdir, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { foreignTempMaxAgeMs, isStaleTempFile, removeStaleTempFiles, tempFileName, tempFileWriter, thisHost } from "../../src/datastore/gc/stale-temp-files.js";
import { makeTmpDir } from "../utils/cli.js";

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "0"]);
  assert.ok(r.pid > 0);
  return r.pid;
}

describe("stale temp files", () => {
  test("names carry the writer's host and pid; old names (pid only) parse too", () => {
    assert.deepEqual(tempFileWriter(tempFileName()), { host: thisHost, pid: process.pid });
    assert.deepEqual(tempFileWriter(".tmp-1234-abcdef012345"), { pid: 1234 });
    assert.deepEqual(tempFileWriter(".tmp-node-7.example-99-00ff"), { host: "node-7.example", pid: 99 });
    assert.equal(tempFileWriter("3.done.json"), undefined);
  });

  test("stale: a dead writer on this host; a writer elsewhere only after a day untouched; never a live writer", () => {
    const now = Date.now();
    const dead = () => false;
    const alive = () => true;
    assert.equal(isStaleTempFile(`.tmp-${thisHost}-5-aa`, now, { now, alive: dead }), true);
    assert.equal(isStaleTempFile(".tmp-5-aa", now, { now, alive: dead }), true);
    assert.equal(isStaleTempFile(`.tmp-${thisHost}-5-aa`, 0, { now, alive }), false, "a live writer's file stays, however old");
    assert.equal(isStaleTempFile(".tmp-elsewhere-5-aa", now - 1000, { now, alive: dead }), false);
    assert.equal(isStaleTempFile(".tmp-elsewhere-5-aa", now - foreignTempMaxAgeMs - 1000, { now, alive }), true);
  });

  test("removeStaleTempFiles removes only stale ones, anywhere under the folder, and reports them (dry run removes nothing)", async () => {
    const dir = await makeTmpDir("mfts-tmpfiles-");
    await mkdir(join(dir, "F", "data", "ab"), { recursive: true });
    await mkdir(join(dir, "F", "1", "start", "1"), { recursive: true });
    const gone = deadPid();
    const staleA = join(dir, "F", "data", "ab", `.tmp-${thisHost}-${gone}-0a0a`);
    const staleB = join(dir, "F", "1", "start", "1", `.tmp-${gone}-0b0b`);
    const live = join(dir, "F", "1", "start", "1", tempFileName());
    const foreignFresh = join(dir, "F", "data", "ab", ".tmp-elsewhere-1-0c0c");
    const foreignOld = join(dir, "F", "data", "ab", ".tmp-elsewhere-1-0d0d");
    const record = join(dir, "F", "1", "start", "1", "0.done.json");
    for (const f of [staleA, staleB, live, foreignFresh, foreignOld, record]) await writeFile(f, "12345");
    const old = new Date(Date.now() - foreignTempMaxAgeMs - 60_000);
    await utimes(foreignOld, old, old);
    assert.deepEqual(await removeStaleTempFiles(dir, { dryRun: true }), { files: 3, bytes: 15 });
    assert.equal((await readdir(join(dir, "F", "data", "ab"))).length, 3, "a dry run removes nothing");
    assert.deepEqual(await removeStaleTempFiles(dir), { files: 3, bytes: 15 });
    assert.deepEqual((await readdir(join(dir, "F", "data", "ab"))).sort(), [".tmp-elsewhere-1-0c0c"]);
    assert.deepEqual((await readdir(join(dir, "F", "1", "start", "1"))).sort(), [live.slice(live.lastIndexOf("/") + 1), "0.done.json"].sort());
    assert.deepEqual(await removeStaleTempFiles(join(dir, "missing")), { files: 0, bytes: 0 });
  });
});
