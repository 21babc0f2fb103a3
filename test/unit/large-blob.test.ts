/**
 * A blob over 2 GiB (issue 9, defect 12): hashed, written and read back in chunks. Kept
 * affordable: the value is zero-filled (its pages cost no memory until touched), only one
 * copy is read back at a time, and the file is removed at the end. The work runs in a child
 * process (large-blob-roundtrip.ts) started with glibc's `hugetlb` malloc tunable, as the
 * `metaflow-ts` executable starts itself (src/cli/bin.ts): the same code on the same bytes, with
 * the 2 GiB buffers backed by huge pages, which cuts its CPU time by more than half on a VM.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { makeTmpDir } from "../utils/cli.js";

const SIZE = 2 ** 31 + 4096;
const roundtrip = fileURLToPath(new URL("./large-blob-roundtrip.ts", import.meta.url));

test("issue 9 defect 12: a blob over 2 GiB is hashed, stored, read back and verified", async () => {
  const dir = await makeTmpDir("mfts-large-");
  try {
    const tunables = process.env["GLIBC_TUNABLES"];
    const env = { ...process.env, GLIBC_TUNABLES: `${tunables ? `${tunables}:` : ""}glibc.malloc.hugetlb=1` };
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", import.meta.resolve("tsx"), roundtrip, dir], { env, maxBuffer: 1 << 20 });
    const got = JSON.parse(stdout) as { size: number; sha: string; readBack: number | undefined; bytes: number[] };
    assert.equal(got.size, SIZE);
    assert.match(got.sha, /^[0-9a-f]{64}$/);
    assert.equal(got.readBack, SIZE);
    assert.deepEqual(got.bytes, [1, 0, 0, 2]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
