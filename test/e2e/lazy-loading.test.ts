/**
 * Behaviour: start-up cost. The CLI and the task runtime load a heavy dependency only when the
 * backend or command that needs it is used: `--version` and a local run (threads and task
 * processes alike) never load @kubernetes/client-node, the AWS SDK, pg or hono. A module-load
 * hook registered in every Node process and worker thread of the run (through NODE_OPTIONS)
 * records each module URL the ESM loader loads.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describeResult, flowPath, makeTmpDir, runCli, runFlow, type CliResult } from "../utils/cli.js";

/** Packages a local run must not load (each costs hundreds of milliseconds or more to import). */
const heavy = /\/node_modules\/(@kubernetes\/client-node|@aws-sdk\/[^/]+|pg|hono|@hono\/[^/]+|jose)\//;

const hookSource = `import { appendFileSync } from "node:fs";
let out;
export function initialize(data) { out = data.out; }
export async function load(url, context, next) { appendFileSync(out, url + "\\n"); return next(url, context); }
`;

/** A `--import` module that registers the recording hook, and the file it appends to. */
async function recorder(): Promise<{ env: Record<string, string>; loaded: () => Promise<string[]> }> {
  const dir = await makeTmpDir("mfts-loaded-");
  const out = join(dir, "loaded.txt");
  await writeFile(out, "");
  await writeFile(join(dir, "hook.mjs"), hookSource);
  const register = join(dir, "register.mjs");
  await writeFile(register, `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(dir, "hook.mjs")).href)}, { data: { out: ${JSON.stringify(out)} } });\n`);
  return {
    env: { NODE_OPTIONS: `--import ${pathToFileURL(register).href}` },
    loaded: async () => (await readFile(out, "utf8")).split("\n").filter((l) => l !== ""),
  };
}

/** Asserts the command succeeded, the hook saw it load modules, and none of them is heavy. */
function assertLight(r: CliResult, loaded: readonly string[], expected: RegExp): void {
  assert.equal(r.code, 0, describeResult(r));
  assert.ok(
    loaded.some((u) => expected.test(u)),
    `the hook recorded the entry (${expected}); got ${loaded.length} modules`,
  );
  const offending = loaded.filter((u) => heavy.test(u));
  assert.deepEqual(offending, [], "no heavy dependency is loaded");
}

test("--version loads no backend's dependencies", async () => {
  const rec = await recorder();
  const r = await runCli(["--version"], { env: rec.env });
  assertLight(r, await rec.loaded(), /\/dist\/cli-bundle\/run-cli-\w+\.js$/);
});

test("a local run in task threads loads no remote backend's dependencies", async () => {
  const rec = await recorder();
  const r = await runFlow(flowPath("small-foreach.ts"), [], { env: rec.env });
  assertLight(r, await rec.loaded(), /\/dist\/task\/thread-runtime\.js$/);
});

test("a local run in task processes loads no remote backend's dependencies", async () => {
  const rec = await recorder();
  const r = await runFlow(flowPath("linear.ts"), [], { env: { ...rec.env, METAFLOW_TS_ISOLATION: "process" } });
  assertLight(r, await rec.loaded(), /\/dist\/task\/entry\.js$/);
});
