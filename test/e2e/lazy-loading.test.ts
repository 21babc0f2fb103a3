/**
 * Behaviour: start-up cost. The CLI and the task runtime load a heavy dependency only when the
 * backend or command that needs it is used: `--version` and a local run (threads and task
 * processes alike) never load @kubernetes/client-node, the AWS SDK, pg or hono. A `run` loads
 * the `run` command only, and neither the TypeScript graph parser nor the linter for a flow it
 * has seen before, nor a plugin the flow does not use (npm environments, Slurm, card renderers);
 * its first task thread, started before the CLI loads, is the one the run uses; commander comes
 * bundled with the CLI. A module-load
 * hook registered in every Node process and worker thread of the run (through NODE_OPTIONS)
 * records each module URL the ESM loader loads.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { fileURLToPath } from "node:url";
import { describeResult, flowPath, makeTmpDir, repoRoot, runCli, runFlow, type CliResult } from "../utils/cli.js";

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

/**
 * Code a cached local run of a linear flow must not load in the CLI's process, each recognised by
 * its definition in the bundled CLI (dist/cli-bundle/): other commands, the graph parser and the
 * linter (the graph comes from the cache), and plugins the flow does not use.
 */
const notForALinearRun: Readonly<Record<string, string>> = {
  "the card command": "function registerCard(",
  "the argo-workflows command": "function registerArgoWorkflows(",
  "the gc command": "function registerGc(",
  "the graph parser": "function parseFlowSource(",
  "the linter": "function lintGraph(",
  "the npm environment provider": "var NpmEnvironmentProvider = class",
  "the Slurm provider": "var slurmProvider = {",
  "the default card renderer": "var defaultCardRenderer = {",
};

test("a cached run loads only the run command and the plugins it uses, and boots one task thread", async () => {
  const bundleDir = join(repoRoot, "dist", "cli-bundle");
  const bundle = await Promise.all((await readdir(bundleDir)).filter((f) => f.endsWith(".js")).map((f) => readFile(join(bundleDir, f), "utf8")));
  for (const [what, marker] of Object.entries(notForALinearRun)) assert.ok(bundle.some((code) => code.includes(marker)), `the CLI bundle defines ${what} (${marker})`);
  // A profile that fills in a variable: the thread started before the CLI loads must get the run's environment.
  const home = await makeTmpDir("mfts-profile-");
  await writeFile(join(home, "config.json"), JSON.stringify({ AWS_MAX_ATTEMPTS: "7" }));
  const cwd = await makeTmpDir();
  const env = { METAFLOW_HOME: home, AWS_MAX_ATTEMPTS: undefined };
  const first = await runFlow(flowPath("linear.ts"), [], { cwd, env }); // caches the flow's graph and code package
  assert.equal(first.code, 0, describeResult(first));
  const rec = await recorder();
  const r = await runFlow(flowPath("linear.ts"), [], { cwd, env: { ...env, ...rec.env } });
  const loaded = await rec.loaded();
  assertLight(r, loaded, /\/dist\/cli-bundle\/run-cli-\w+\.js$/);
  const cliFiles = loaded.filter((u) => u.startsWith("file:") && u.includes("/dist/cli-bundle/"));
  for (const url of cliFiles) {
    const code = await readFile(fileURLToPath(url), "utf8");
    for (const [what, marker] of Object.entries(notForALinearRun)) assert.ok(!code.includes(marker), `${what} is not loaded (found in ${url})`);
  }
  assert.equal(loaded.filter((u) => /\/dist\/task\/thread-runtime\.js$/.test(u)).length, 1, "one task thread booted: the one started ahead of the run");
  // commander is bundled into the CLI's chunks, not loaded from node_modules.
  assert.deepEqual(loaded.filter((u) => u.includes("/node_modules/commander/")), [], "commander comes from the CLI bundle");
});
