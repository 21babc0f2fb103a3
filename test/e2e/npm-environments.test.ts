/**
 * Behaviour: per-step npm environments (`@npm`, `@npmBase`) with real packages from the registry.
 * Two steps of one run import two versions of one package (is-number 6.0.0 and 7.0.0); a step
 * without it cannot; environments are cached by content and reused without the registry, in
 * threads and processes; two runs at once install each environment once; an interrupted install
 * is never used; resume gets the run's environments from the datastore; `environment resolve|show`;
 * and every way an environment cannot be made fails before any task runs.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cp, copyFile, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { hostname } from "node:os";
import { join } from "node:path";
import { flowPath, limiter, makeTmpDir, runCli, runFlow, type FlowRunResult } from "../utils/cli.js";
import { assertSucceeded, onlyTaskData, openRun, tasksOf, useDatastore } from "../utils/client.js";

const flow = (name: string): string => flowPath(join("npm", name));
const limit = limiter(3);
/** Installing from the registry on a busy machine can take minutes: the CLI's kill-safety limit, not a time expectation. */
const slow = { timeoutMs: 900_000 } as const;

/** A 127.0.0.1 port nothing listens on: a registry that cannot be reached. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
const unreachable = { npm_config_registry: `http://127.0.0.1:${await closedPort()}/`, npm_config_fetch_retries: "0" };

/** Runs of this file share one cache unless a test needs an empty one. */
const sharedCache = await makeTmpDir("mfts-npm-cache-");
const envWith = (cache: string, extra: Record<string, string> = {}): Record<string, string> => ({ METAFLOW_TS_NPM_CACHE: cache, ...extra });

/** The environment ids recorded with a run, by step. */
async function environmentIds(r: FlowRunResult, flowName: string): Promise<Record<string, string>> {
  useDatastore(r);
  const run = await openRun(flowName, r);
  const out: Record<string, string> = {};
  for (const s of await run.steps()) for (const t of await s.tasks()) {
    const env = await t.environment();
    if (env !== undefined) out[s.id] = env.id;
  }
  return out;
}

/** A command other than run succeeded. */
function assertOk(r: { readonly code: number | null; readonly output: string }): void {
  assert.equal(r.code, 0, r.output);
}

/** Whether any task started (the line the console prints when one does). */
const anyTaskStarted = (r: FlowRunResult): boolean => /Task is starting/.test(r.output);

/** Run ids registered under a flow in a datastore. */
async function registeredRuns(root: string, flowName: string): Promise<string[]> {
  return (await readdir(join(root, flowName)).catch(() => [] as string[])).filter((n) => /^\d+$/.test(n));
}

describe("per-step npm environments", { concurrency: 3 }, () => {
  const first = limit(() => runFlow(flow("two-versions.ts"), [], { ...slow, env: envWith(sharedCache) }));
  
  test("two steps of one run import two versions of one package; a step without it cannot use it", async () => {
    const r = await first;
    assertSucceeded(r);
    useDatastore(r);
    const run = await openRun("TwoVersionsFlow", r);
    const middle = await onlyTaskData(run, "middle");
    assert.equal(middle.startName, "[isNumber] true", "start imports is-number 6.0.0 (static import)");
    assert.equal(middle.middleName, "[] true", "middle imports is-number 7.0.0 (await import)");
    assert.equal(middle.dynamicIsStatic, true, "the static and the dynamic import are one module");
    const end = await onlyTaskData(run, "end");
    assert.match(String(end.endError), /Step 'end' imports 'is-number', which neither its environment \(@npm \/ @npmBase\) nor the project provides/);
    const [start] = await tasksOf(run, "start");
    const [mid] = await tasksOf(run, "middle");
    const [last] = await tasksOf(run, "end");
    assert.deepEqual((await start?.environment())?.resolved, { "is-number": "6.0.0" });
    assert.deepEqual((await mid?.environment())?.resolved, { "is-number": "7.0.0" });
    assert.equal(await last?.environment(), undefined, "end declares no environment");
    assert.deepEqual((await readdir(join(sharedCache, "envs"))).sort(), [(await start?.environment())?.id, (await mid?.environment())?.id].sort());
    assert.deepEqual(await readdir(join(sharedCache, "tmp")), [], "no install left behind");
  });
  
  test("a second run reuses the cached environments without the registry, in threads and in processes", async () => {
    const origin = await first;
    const runs = await Promise.all(
      (["thread", "process"] as const).map((isolation) => limit(() => runFlow(flow("two-versions.ts"), [], { ...slow, env: envWith(sharedCache, { ...unreachable, METAFLOW_TS_ISOLATION: isolation }) }))),
    );
    for (const r of runs) {
      assertSucceeded(r);
      assert.deepEqual(await environmentIds(r, "TwoVersionsFlow"), await environmentIds(origin, "TwoVersionsFlow"));
      useDatastore(r);
      assert.equal((await onlyTaskData(await openRun("TwoVersionsFlow", r), "middle")).startName, "[isNumber] true");
    }
  });
  
  test("two runs at once with an empty cache both succeed and install each environment once", async () => {
    const cache = await makeTmpDir("mfts-npm-cache-");
    const [a, b] = await Promise.all([0, 1].map(() => runFlow(flow("two-versions.ts"), [], { ...slow, env: envWith(cache) })));
    for (const r of [a, b]) assertSucceeded(r as FlowRunResult);
    assert.deepEqual(await environmentIds(a as FlowRunResult, "TwoVersionsFlow"), await environmentIds(b as FlowRunResult, "TwoVersionsFlow"));
    assert.equal((await readdir(join(cache, "envs"))).length, 2);
    assert.deepEqual(await readdir(join(cache, "tmp")), []);
    assert.deepEqual(await readdir(join(cache, "locks")), []);
  });
  
  test("an interrupted install is never used, and a lock left by a dead process is taken over", async () => {
    const origin = await first;
    const cache = await makeTmpDir("mfts-npm-cache-");
    await cp(sharedCache, cache, { recursive: true });
    const id = (await environmentIds(origin, "TwoVersionsFlow")).start as string;
    // As a killed install leaves it: no environment folder, a partial temp folder, and its lock.
    await rm(join(cache, "envs", id), { recursive: true });
    await mkdir(join(cache, "tmp", `${id.slice(0, 12)}-killed`, "node_modules"), { recursive: true });
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    await writeFile(join(cache, "locks", `${id}.lock`), `${hostname()} ${dead}`);
    const r = await limit(() => runFlow(flow("two-versions.ts"), [], { ...slow, env: envWith(cache) }));
    assertSucceeded(r);
    const pkg = JSON.parse(await readFile(join(cache, "envs", id, "node_modules", "is-number", "package.json"), "utf8")) as { version: string };
    assert.equal(pkg.version, "6.0.0");
    assert.deepEqual(await readdir(join(cache, "locks")), []);
  });
  
  test("@npmBase is merged with a step's @npm (the step wins), with versions from a Config", async () => {
    const r = await limit(() => runFlow(flow("base-and-step.ts"), [], { ...slow, env: envWith(sharedCache) }));
    assertSucceeded(r);
    useDatastore(r);
    const end = await onlyTaskData(await openRun("BaseAndStepFlow", r), "end");
    assert.equal(end.startName, "", "start: @npm is-number ^7 -> 7.0.0 (anonymous function)");
    assert.equal(end.endName, "isNumber", "end: @npmBase is-number 6.0.0");
    const show = await runCli(["environment", "show", `BaseAndStepFlow/${r.runId}`, "--datastore-root", r.datastoreRoot], { ...slow, cwd: r.cwd });
    assertOk(show);
    assert.match(show.stdout, /^start\s+[0-9a-f]{12}\s+is-number@7\.0\.0 \(\^7\)$/m);
    assert.match(show.stdout, /^end\s+[0-9a-f]{12}\s+is-number@6\.0\.0$/m);
  });
  
  test("resume without the cache and without the registry gets the run's environments from the datastore", async () => {
    const origin = await first;
    const cache = await makeTmpDir("mfts-npm-cache-");
    const r = await limit(() => runFlow(flow("two-versions.ts"), ["middle"], { ...slow, command: "resume", cwd: origin.cwd, datastoreRoot: origin.datastoreRoot, env: envWith(cache, unreachable) }));
    assertSucceeded(r);
    assert.match(r.stdout, /\/middle\/\d+ \(pid \d+\)\] Task is starting/);
    assert.deepEqual(await environmentIds(r, "TwoVersionsFlow"), await environmentIds(origin, "TwoVersionsFlow"));
    useDatastore(r);
    assert.equal((await onlyTaskData(await openRun("TwoVersionsFlow", r), "middle")).middleName, "[] true");
  });
  
  test("environment resolve installs ahead of time; show tells what each step gets; the run then needs no registry", async () => {
    const cache = await makeTmpDir("mfts-npm-cache-");
    const cwd = await makeTmpDir();
    const before = await runCli(["environment", "show", flow("two-versions.ts")], { ...slow, cwd, env: envWith(cache) });
    assertOk(before);
    assert.match(before.stdout, /^start\s+\(not resolved here\)\s+is-number@6\.0\.0$/m);
    const resolved = await runCli(["environment", "resolve", flow("two-versions.ts"), "--json"], { ...slow, cwd, env: envWith(cache) });
    assertOk(resolved);
    const steps = (JSON.parse(resolved.stdout) as { steps: Record<string, { environment: { resolved: Record<string, string> } } | null> }).steps;
    assert.deepEqual(steps.start?.environment.resolved, { "is-number": "6.0.0" });
    assert.deepEqual(steps.middle?.environment.resolved, { "is-number": "7.0.0" });
    assert.equal(steps.end, null);
    const after = await runCli(["environment", "show", flow("two-versions.ts")], { ...slow, cwd, env: envWith(cache, unreachable) });
    assert.match(after.stdout, /^middle\s+[0-9a-f]{12}\s+is-number@7\.0\.0$/m);
    assertSucceeded(await limit(() => runFlow(flow("two-versions.ts"), [], { ...slow, cwd, env: envWith(cache, unreachable) })));
  });
  
  test("a package the project depends on: a step that declares it gets its version, the others the project's", async () => {
    const cwd = await makeTmpDir();
    const pkg = join(cwd, "node_modules", "is-number");
    await mkdir(pkg, { recursive: true });
    await writeFile(join(pkg, "package.json"), JSON.stringify({ name: "is-number", version: "0.0.1-project", main: "index.js" }));
    await writeFile(join(pkg, "index.js"), "module.exports = function projectIsNumber() { return true; };\n");
    await copyFile(flow("project-dependency.ts"), join(cwd, "project-dependency.ts"));
    const r = await limit(() => runFlow(join(cwd, "project-dependency.ts"), [], { ...slow, cwd, env: envWith(sharedCache) }));
    assertSucceeded(r);
    useDatastore(r);
    const end = await onlyTaskData(await openRun("ProjectDependencyFlow", r), "end");
    assert.equal(end.startName, "isNumber", "start: @npm is-number 6.0.0");
    assert.equal(end.endName, "projectIsNumber", "end: the project's is-number");
  });
  
  test("an import that neither the project nor any step provides fails the run before any task runs", async () => {
    const r = await limit(() => runFlow(flow("undeclared-import.ts"), [], { ...slow, env: envWith(sharedCache) }));
    assert.notEqual(r.code, 0, r.output);
    assert.match(r.stderr, /imports 'metaflow-ts-test-not-installed-7d2e', which the project does not have and no step declares\. Install it in the project \(npm install metaflow-ts-test-not-installed-7d2e\) or declare it/);
    assert.equal(anyTaskStarted(r), false, r.output);
  });

  const failures: readonly [string, string, Record<string, string>, RegExp][] = [
    ["an unknown package", "unknown-package.ts", {}, /package 'metaflow-ts-test-no-such-package-4f1c' does not exist/],
    ["an unknown version", "unknown-version.ts", {}, /no published version matches is-number@99\.0\.0/],
    ["an unreachable registry with nothing cached", "unknown-version.ts", unreachable, /cannot reach http:\/\/127\.0\.0\.1:\d+\/ to resolve is-number@99\.0\.0, and this machine has no cached resolution/],
    ["a native package that fails to build", "native-build-fails.ts", {}, /package 'ref' failed to build/],
  ];
  for (const [what, file, extra, message] of failures) {
    test(`${what} fails the run before any task runs, saying why`, async () => {
      const cache = await makeTmpDir("mfts-npm-cache-");
      const r = await limit(() => runFlow(flow(file), [], { ...slow, env: envWith(cache, extra) }));
      assert.notEqual(r.code, 0, r.output);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /step start/);
      assert.equal(anyTaskStarted(r), false, r.output);
      assert.deepEqual(await registeredRuns(r.datastoreRoot, file === "native-build-fails.ts" ? "NativeBuildFailsFlow" : file === "unknown-package.ts" ? "UnknownPackageFlow" : "UnknownVersionFlow"), []);
      assert.deepEqual(await readdir(join(cache, "envs")).catch(() => []), [], "nothing half-installed is kept");
    });
  }
});
