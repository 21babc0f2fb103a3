/**
 * `npm test`'s file list (scripts/run-tests.ts): every test file exactly once, the known-long ones
 * first, and the list of known-long files names only files that exist.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { longFirst, orderedTestFiles } from "../../scripts/run-tests.js";
import { makeTmpDir, repoRoot } from "../utils/cli.js";
import { mkdir, writeFile } from "node:fs/promises";

test("npm test runs every test/<folder>/<name>.test.ts once, the known-long files first", () => {
  const expected = readdirSync(join(repoRoot, "test"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(repoRoot, "test", d.name)).filter((f) => f.endsWith(".test.ts")).map((f) => `test/${d.name}/${f}`));
  const files = orderedTestFiles(repoRoot);
  assert.deepEqual([...files].sort(), expected.sort());
  assert.equal(new Set(files).size, files.length, "no file twice");
  for (const f of longFirst) assert.ok(existsSync(join(repoRoot, f)), `${f} (in longFirst) exists`);
  assert.deepEqual(files.slice(0, longFirst.length), [...longFirst]);
});

test("a test file not in the list runs too, after the listed ones; files elsewhere do not", async () => {
  const root = await makeTmpDir("mfts-order-");
  await mkdir(join(root, "test", "metaflow-core"), { recursive: true });
  await mkdir(join(root, "test", "aaa"), { recursive: true });
  await mkdir(join(root, "test", "utils"), { recursive: true });
  await writeFile(join(root, "test", "metaflow-core", "core.test.ts"), "");
  await writeFile(join(root, "test", "aaa", "new.test.ts"), "");
  await writeFile(join(root, "test", "aaa", "helper.ts"), "");
  await writeFile(join(root, "test", "top.test.ts"), "");
  assert.deepEqual(orderedTestFiles(root), ["test/metaflow-core/core.test.ts", "test/aaa/new.test.ts"]);
});
