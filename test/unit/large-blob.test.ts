/**
 * A blob over 2 GiB (issue 9, defect 12): hashed, written and read back in chunks. Kept
 * affordable: the value is zero-filled (its pages cost no memory until touched), only one
 * copy is read back at a time, and the file is removed at the end.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { ContentAddressedStore } from "../../src/datastore/content-addressed-store.js";
import { LocalStorage } from "../../src/datastore/local-storage.js";
import { makeTmpDir } from "../utils/cli.js";

const SIZE = 2 ** 31 + 4096;

test("issue 9 defect 12: a blob over 2 GiB is hashed, stored, read back and verified", async () => {
  const dir = await makeTmpDir("mfts-large-");
  try {
    const store = new ContentAddressedStore(new LocalStorage(dir), "F/data");
    let value: Buffer | undefined = Buffer.alloc(SIZE);
    value[0] = 1;
    value[SIZE - 1] = 2;
    const info = await store.put(value);
    assert.equal(info.size, SIZE);
    assert.match(info.sha, /^[0-9a-f]{64}$/);
    value = undefined;
    // Read back (synchronously, as a task reads) and verified against the hash put computed.
    const back = store.getSync(info.sha, "the big artifact");
    assert.equal(back?.byteLength, SIZE);
    assert.deepEqual([back?.[0], back?.[1], back?.[SIZE - 2], back?.[SIZE - 1]], [1, 0, 0, 2]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
