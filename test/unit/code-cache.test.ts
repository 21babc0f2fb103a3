/** The code cache of bundled flows: concurrent writers of one bundle (issue 9, defect 4). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, readdir } from "node:fs/promises";
import { dirname } from "node:path";
import { writeCodeCache } from "../../src/loader/inspect-flow.js";

test("issue 9 defect 4: concurrent writers of one new bundle in one process all succeed, and leave no temp file", async () => {
  const code = `export const stamp = ${JSON.stringify(`${process.pid}-${Date.now()}-${Math.random()}`)};\n`;
  const files = await Promise.all(Array.from({ length: 16 }, () => writeCodeCache(code)));
  assert.equal(new Set(files).size, 1);
  const file = files[0]!;
  assert.equal(await readFile(file, "utf8"), code);
  const base = file.slice(dirname(file).length + 1);
  const leftovers = (await readdir(dirname(file))).filter((f) => f.startsWith(base) && f !== base);
  assert.deepEqual(leftovers, []);
});
