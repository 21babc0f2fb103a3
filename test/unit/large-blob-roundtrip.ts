/**
 * The work of large-blob.test.ts, in its own process (started with glibc's `hugetlb` malloc
 * tunable, as the `metaflow-ts` executable starts itself: see src/cli/bin.ts): a blob over 2 GiB
 * is put into a local content-addressed store, read back synchronously (as a task reads) and
 * verified against its hash. Prints what the test asserts, as one line of JSON.
 * Usage: node --import tsx test/unit/large-blob-roundtrip.ts DIR
 * @module
 */
import { ContentAddressedStore } from "../../src/datastore/content-addressed-store.js";
import { LocalStorage } from "../../src/datastore/local-storage.js";

/** Bytes of the blob: just over 2 GiB, past what Node reads, writes or hashes in one call. */
const SIZE = 2 ** 31 + 4096;

const dir = process.argv[2];
if (dir === undefined) throw new Error("usage: large-blob-roundtrip.ts DIR");
const store = new ContentAddressedStore(new LocalStorage(dir), "F/data");
// Zero-filled: its pages cost no memory until touched. Only one copy is alive at a time.
let value: Buffer | undefined = Buffer.alloc(SIZE);
value[0] = 1;
value[SIZE - 1] = 2;
const info = await store.put(value);
value = undefined;
// Read back (synchronously, as a task reads) and verified against the hash put computed.
const back = store.getSync(info.sha, "the big artifact");
const bytes = back === undefined ? [] : [back[0], back[1], back[SIZE - 2], back[SIZE - 1]];
process.stdout.write(`${JSON.stringify({ size: info.size, sha: info.sha, readBack: back?.byteLength, bytes })}\n`);
