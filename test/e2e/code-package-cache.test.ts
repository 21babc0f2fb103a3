/**
 * Behaviour: the code package of an unchanged flow is not bundled again (a per-user cache of
 * esbuild's output, keyed by the content of every file the bundle was built from), and a stale
 * bundle is never served: editing a module the flow imports (even keeping its size and
 * modification time) is seen by the next run. `METAFLOW_TS_NO_CACHE=1` turns the cache off.
 * Each test has its own temp folder (TMPDIR), hence its own cache.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describeResult, makeTmpDir, runFlow } from "../utils/cli.js";

const flowSource = `import { FlowSpec, step, main } from "metaflow-ts";
import { greeting } from "./helper.js";

export default class CachedFlow extends FlowSpec {
  @step
  start() {
    console.log(\`greeting=\${greeting}\`);
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, CachedFlow);
`;

const helper = (word: string): string => `export const greeting = ${JSON.stringify(word)};\n`;

/** A project folder with the flow and its helper, files and folder dated an hour ago (as if written long before the run). */
async function project(): Promise<{ dir: string; flow: string; helperFile: string; past: Date }> {
  const dir = await makeTmpDir("mfts-bundle-cache-");
  const flow = join(dir, "flow.ts");
  const helperFile = join(dir, "helper.ts");
  await writeFile(flow, flowSource);
  await writeFile(helperFile, helper("one"));
  const past = new Date(Date.now() - 3600_000);
  for (const f of [flow, helperFile, dir]) await utimes(f, past, past);
  return { dir, flow, helperFile, past };
}

async function cacheEntries(tmp: string): Promise<string[]> {
  const dir = (await readdir(tmp)).find((d) => d.startsWith("metaflow-ts-"));
  return dir === undefined ? [] : (await readdir(join(tmp, dir, "bundles")).catch(() => [] as string[])).map((f) => join(tmp, dir, "bundles", f));
}

test("an unchanged flow reuses its bundle; an edited helper module is bundled again", async () => {
  const { flow, helperFile, past } = await project();
  const tmp = await makeTmpDir("mfts-bundle-cache-tmp-");
  const env = { TMPDIR: tmp };
  const first = await runFlow(flow, [], { env });
  assert.equal(first.code, 0, describeResult(first));
  assert.match(first.output, /greeting=one/);
  const entries = await cacheEntries(tmp);
  assert.equal(entries.length, 1, "the first run cached its bundle");
  const written = (await stat(entries[0] as string)).mtimeMs;

  const second = await runFlow(flow, [], { env });
  assert.equal(second.code, 0, describeResult(second));
  assert.match(second.output, /greeting=one/);
  assert.equal((await stat(entries[0] as string)).mtimeMs, written, "the second run used the cached bundle (it did not rewrite it)");

  // Same size, same modification time, same folder: only the content tells the change.
  await writeFile(helperFile, helper("two"));
  await utimes(helperFile, past, past);
  const third = await runFlow(flow, [], { env });
  assert.equal(third.code, 0, describeResult(third));
  assert.match(third.output, /greeting=two/, "the edited helper is in the new bundle");
  assert.doesNotMatch(third.output, /greeting=one/);
});

test("METAFLOW_TS_NO_CACHE=1 bundles every time and caches nothing", async () => {
  const { flow } = await project();
  const tmp = await makeTmpDir("mfts-bundle-cache-tmp-");
  const r = await runFlow(flow, [], { env: { TMPDIR: tmp, METAFLOW_TS_NO_CACHE: "1" } });
  assert.equal(r.code, 0, describeResult(r));
  assert.match(r.output, /greeting=one/);
  assert.deepEqual(await cacheEntries(tmp), []);
});
