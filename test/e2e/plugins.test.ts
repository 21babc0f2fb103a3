/**
 * Third-party plugins (src/plugin-host/), through the real CLI and the Runner, with the fixture
 * plugin test/fixtures/plugins/acme/ (written only against metaflow-ts/plugin): its compute backend
 * (`--with acme`: each task a child process under its wrapper), its storage (`acmefs://DIR`) and its
 * step decorator (`--with stamp`) are active in the CLI, in task threads and in task processes, for
 * `run`, `resume` and the commands that read runs; a plugin that cannot be loaded is a clear error.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Runner, MetaflowError, Run, namespace } from "metaflow-ts";
import { loadPlugins, openDeployer, type MetaflowPlugin } from "metaflow-ts/plugin";
import { Deployer } from "metaflow-ts";
import { describeResult, flowPath, makeTmpDir, repoRoot, runCli, runFlow, type CliResult } from "../utils/cli.js";

const fixture = join(repoRoot, "test", "fixtures", "plugins", "acme", "index.mjs");

/** The jobs the acme backend started for a run (its records in ACME_STATE_DIR). */
function acmeJobs(stateDir: string, runId: string): { pid: number; step: string; cpu?: number; memory?: number }[] {
  const dir = join(stateDir, runId);
  return existsSync(dir) ? readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), "utf8"))) : [];
}

/** The task data of a step of a run stored at `root`, read through the client (the plugin loaded in this process). */
async function stepData(root: string, flow: string, runId: string, step: string): Promise<Record<string, unknown>[]> {
  const before = process.env.METAFLOW_DATASTORE_ROOT;
  process.env.METAFLOW_DATASTORE_ROOT = root;
  try {
    namespace(null);
    const run = await Run.get(`${flow}/${runId}`);
    return await Promise.all((await (await run.step(step)).tasks()).map((t) => t.data() as Promise<Record<string, unknown>>));
  } finally {
    if (before === undefined) delete process.env.METAFLOW_DATASTORE_ROOT;
    else process.env.METAFLOW_DATASTORE_ROOT = before;
  }
}

describe("plugins through the CLI", () => {
  test("--plugin: compute, storage and step decorator of the plugin run a foreach; dump and resume read it back with METAFLOW_TS_PLUGINS", async () => {
    const cwd = await makeTmpDir("mfts-plugins-");
    const root = `acmefs://${join(cwd, "store")}`;
    const env = { ACME_STATE_DIR: join(cwd, "jobs") };
    const r = await runFlow(flowPath("foreach.ts"), ["--plugin", fixture, "--with", "acme", "--with", "stamp"], { cwd, env, datastoreRoot: root });
    assert.equal(r.code, 0, describeResult(r));
    const runId = r.runId as string;
    assert.match(r.stdout, new RegExp(`\\[${runId}/body/\\d+ \\(acme job \\d+\\)\\] body x:0`));
    assert.match(r.output, /\[acme\] job \d+ running body/, "the wrapper ran the task");
    // start, 4 x body, join, end: each a job of its own; the run is stored in the plugin's storage.
    assert.deepEqual(acmeJobs(env.ACME_STATE_DIR, runId).map((j) => j.step).sort(), ["body", "body", "body", "body", "end", "join", "start"]);
    assert.ok(existsSync(join(cwd, "store", "ForeachFlow", runId)), "the run is in the acmefs directory");
    assert.ok(!existsSync(join(cwd, ".metaflow")), "nothing went to the default datastore");
    const dump = await runCli(["dump", `ForeachFlow/${runId}/join`, "--datastore-root", root], { cwd, env: { ...env, METAFLOW_TS_PLUGINS: fixture } });
    assert.equal(dump.code, 0, describeResult(dump));
    assert.match(dump.stdout, /acme:join/, "the step decorator set its artifact in the task");
    const resumed = await runFlow(flowPath("foreach.ts"), ["join", "--origin-run-id", runId, "--with", "acme"], { cwd, command: "resume", env: { ...env, METAFLOW_TS_PLUGINS: fixture }, datastoreRoot: root });
    assert.equal(resumed.code, 0, describeResult(resumed));
    assert.deepEqual(acmeJobs(env.ACME_STATE_DIR, resumed.runId as string).map((j) => j.step).sort(), ["end", "join"], "resume re-ran join and end on acme");
  });

  for (const isolation of ["thread", "process"] as const) {
    test(`METAFLOW_TS_PLUGINS: tasks in ${isolation}s load the plugin (its storage and step decorator)`, async () => {
      const cwd = await makeTmpDir("mfts-plugins-");
      const root = `acmefs://${join(cwd, "store")}`;
      const r = await runFlow(flowPath("linear.ts"), ["--with", "stamp"], { cwd, env: { METAFLOW_TS_PLUGINS: fixture, METAFLOW_TS_ISOLATION: isolation }, datastoreRoot: root });
      assert.equal(r.code, 0, describeResult(r));
      assert.match(r.stderr, /\(pid \d+\)\] \[acme\] stamped/, "local tasks ran the plugin's decorator");
      await loadPlugins([fixture]);
      const [end] = await stepData(root, "LinearFlow", r.runId as string, "end");
      assert.equal(end?.stamped_by, "acme:end");
    });
  }

  test("a storage without synchronous reads (acmeasync://): foreach inputs, the foreach stack and join inputs are read ahead", async () => {
    const cwd = await makeTmpDir("mfts-plugins-");
    const root = `acmeasync://${join(cwd, "store")}`;
    const r = await runFlow(flowPath("nested-foreach.ts"), ["--plugin", fixture], { cwd, datastoreRoot: root });
    assert.equal(r.code, 0, describeResult(r));
    assert.match(r.stdout, /nested foreach: a1 a2 a3 b1 b2 b3/);
    await loadPlugins([fixture]);
    const inner = await stepData(`acmefs://${join(cwd, "store")}`, "NestedForeachFlow", r.runId as string, "inner");
    const b2 = inner.find((d) => d["label"] === "b2");
    assert.deepEqual(b2?.["frames"], [
      { index: 1, count: 2, value: "b" },
      { index: 1, count: 3, value: 2 },
    ]);
  });

  test("a flow's source puts one step on the plugin's backend with the plugin's decorator (@acme); the others run locally", async () => {
    const cwd = await makeTmpDir("mfts-plugins-");
    const r = await runFlow(flowPath("plugins/acme-decorated.ts"), ["--plugin", fixture], { cwd, env: { ACME_STATE_DIR: join(cwd, "jobs") } });
    assert.equal(r.code, 0, describeResult(r));
    assert.match(r.stdout, /\/start\/\d+ \(pid \d+\)\] Task is starting/);
    assert.match(r.stdout, /\/remote\/\d+ \(acme job \d+\)\] Task is starting/);
    assert.deepEqual(acmeJobs(join(cwd, "jobs"), r.runId as string).map((j) => [j.step, j.memory]), [["remote", 300]]);
  });

  test("argo-workflows create: the plugin serves the datastore root, and the containers get METAFLOW_TS_PLUGINS", async () => {
    const cwd = await makeTmpDir("mfts-plugins-");
    const root = `acmefs://${join(cwd, "store")}`;
    const r = await runCli(["argo-workflows", "create", flowPath("linear.ts"), "--only-json", "--image", "registry.example/flows:1", "--datastore-root", root], { cwd, env: { METAFLOW_TS_PLUGINS: fixture, METAFLOW_USER: "ada" } });
    assert.equal(r.code, 0, describeResult(r));
    assert.ok(existsSync(join(cwd, "store", "LinearFlow")), "the code package went to the plugin's storage");
    const manifests = JSON.parse(r.stdout) as unknown[];
    const envs = JSON.stringify(manifests).match(/\{"name":"METAFLOW_TS_PLUGINS","value":"[^"]*"\}/g) ?? [];
    assert.ok(envs.length > 0, "the containers load the same plugins");
    assert.ok(envs.every((e) => e.includes(JSON.stringify(fixture).slice(1, -1))));
  });

  test("the plugin's card type renders @card({ type }) in the task; card get shows it", async () => {
    const cwd = await makeTmpDir("mfts-plugins-");
    const r = await runFlow(flowPath("linear.ts"), ["--plugin", fixture, "--with", "card:type=acme"], { cwd });
    assert.equal(r.code, 0, describeResult(r));
    const page = await runCli(["card", "get", `LinearFlow/${r.runId}/end`, "--datastore-root", join(cwd, ".metaflow")], { cwd });
    assert.equal(page.code, 0, describeResult(page));
    assert.match(page.stdout, new RegExp(`<h1>acme card of LinearFlow/${r.runId}/end/\\d+</h1>`));
    assert.match(page.stdout, /<li>trail<\/li>/);
  });

  test("a package name resolves from the working directory (its exports' import condition)", async () => {
    const cwd = await makeTmpDir("mfts-plugins-");
    const pkg = join(cwd, "node_modules", "@acme", "metaflow-plugin");
    await mkdir(join(pkg, "dist"), { recursive: true });
    await writeFile(join(pkg, "package.json"), JSON.stringify({ name: "@acme/metaflow-plugin", type: "module", exports: { ".": { types: "./dist/index.d.ts", import: "./dist/index.js", require: "./dist/missing.cjs" } } }));
    await writeFile(join(pkg, "dist", "index.js"), `export { default } from ${JSON.stringify(pathToFileURL(fixture).href)};\n`);
    const r = await runFlow(flowPath("linear.ts"), ["--plugin", "@acme/metaflow-plugin", "--with", "acme"], { cwd, env: { ACME_STATE_DIR: join(cwd, "jobs") } });
    assert.equal(r.code, 0, describeResult(r));
    assert.match(r.stdout, /\(acme job \d+\)\]/);
  });

  test("the plugin's compute check refuses a step before anything runs, as a MetaflowError", async () => {
    const r = await runFlow(flowPath("linear.ts"), ["--plugin", fixture, "--with", "acme:queue=gpu"]);
    assert.equal(r.code, 1, describeResult(r));
    assert.match(r.stderr, /the acme cluster has only the queue 'default'; got 'gpu'/);
    assert.doesNotMatch(r.stderr, /Internal error|\n\s+at /, "no stack trace");
  });
});

describe("plugins that cannot be loaded", () => {
  const cases: { name: string; file?: string; text?: string; specifier?: string; expect: RegExp }[] = [
    { name: "a missing file", specifier: "./nowhere.mjs", expect: /Plugin module '\.\/nowhere\.mjs': there is no file .*nowhere\.mjs/ },
    { name: "a package that is not installed", specifier: "acme-not-installed", expect: /the package acme-not-installed is not installed in .*npm install acme-not-installed/ },
    { name: "a TypeScript file", file: "plugin.ts", text: "export default {};\n", expect: /loaded as JavaScript.*compile it/ },
    { name: "no default export", file: "named.mjs", text: "export const plugin = {};\n", expect: /'\.\/named\.mjs': it has no default export\. End it with `export default definePlugin/ },
    { name: "a bad field", file: "bad-field.mjs", text: 'export default { name: "bad", storage: { "9x": () => ({}) } };\n', expect: /'\.\/bad-field\.mjs': `storage\.9x` is not a URL scheme/ },
    { name: "an unknown field", file: "unknown-field.mjs", text: 'export default { name: "bad", computes: [] };\n', expect: /`computes` is not a plugin field/ },
    { name: "a compute provider without open", file: "no-open.mjs", text: 'export default { name: "bad", compute: [{ name: "c" }] };\n', expect: /`compute\[0\]` needs a function `open`/ },
    { name: "a module that throws", file: "throws.mjs", text: 'throw new Error("no cluster credentials");\n', expect: /'\.\/throws\.mjs': importing it failed at \/.*throws\.mjs:1: no cluster credentials/ },
    { name: "a syntax error", file: "syntax.mjs", text: "export default {\n  name: 'x',,\n};\n", expect: /'\.\/syntax\.mjs': importing it failed at \/.*syntax\.mjs:2: Unexpected token/ },
  ];
  for (const c of cases) {
    test(`${c.name}: exit 2, the module named, no stack`, async () => {
      const cwd = await makeTmpDir("mfts-plugins-");
      if (c.file !== undefined) await writeFile(join(cwd, c.file), c.text ?? "");
      const r: CliResult = await runCli(["run", flowPath("linear.ts"), "--plugin", c.specifier ?? `./${c.file}`], { cwd });
      assert.equal(r.code, 2, describeResult(r));
      assert.match(r.stderr, /^Cannot load plugin: /);
      assert.match(r.stderr, c.expect);
      assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    });
  }

  test("METAFLOW_TS_PLUGINS is checked by the commands that read runs too", async () => {
    const r = await runCli(["runs", "LinearFlow"], { env: { METAFLOW_TS_PLUGINS: "./nowhere.mjs" } });
    assert.equal(r.code, 2, describeResult(r));
    assert.match(r.stderr, /Plugin module '\.\/nowhere\.mjs': there is no file/);
  });
});

describe("plugins through the Runner and the Deployer", () => {
  test("plugins: [path] runs steps on the plugin's backend and stores the run in its storage; the Run reads it", async () => {
    const cwd = await makeTmpDir("mfts-plugins-runner-");
    const root = `acmefs://${join(cwd, "store")}`;
    const r = await new Runner(flowPath("linear.ts"), { cwd, datastoreRoot: root, plugins: [fixture], with: ["acme", "stamp"], env: { ...process.env, ACME_STATE_DIR: join(cwd, "jobs") } }).run();
    assert.equal(r.status, "succeeded", r.stderr);
    assert.match(r.stderr, /\[acme\] job \d+ running end/);
    assert.equal(acmeJobs(join(cwd, "jobs"), r.runId).length, 3);
    assert.equal((await r.run.data())["stamped_by"], "acme:end");
  });

  test("a plugin object: with `module` its task-side parts work; without it, a clear error", async () => {
    const cwd = await makeTmpDir("mfts-plugins-runner-");
    const root = `acmefs://${join(cwd, "store")}`;
    const plugin = ((await import(pathToFileURL(fixture).href)) as { default: MetaflowPlugin }).default;
    const ok = await new Runner(flowPath("linear.ts"), { cwd, datastoreRoot: root, plugins: [{ ...plugin, module: pathToFileURL(fixture).href }], with: ["stamp"] }).run();
    assert.equal(ok.status, "succeeded", ok.stderr);
    assert.equal((await ok.run.data())["stamped_by"], "acme:end");
    await assert.rejects(
      new Runner(flowPath("linear.ts"), { cwd, datastoreRoot: root, plugins: [plugin] }).run(),
      (e: unknown) => e instanceof MetaflowError && e.code === "PLUGIN_ERROR" && /Plugin object 'acme' has parts that run inside tasks \(storage, stepDecorators, cardRenderers\).*module: import\.meta\.url/.test(e.message),
    );
  });

  test("Deployer({ plugins }) reaches a plugin's deployer by its name with scheduler(name)", async () => {
    const cwd = await makeTmpDir("mfts-plugins-deployer-");
    // A plugin whose scheduler is the built-in Argo deployer under another name: only the route is under test.
    const plugin: MetaflowPlugin = { name: "acme-deploy", deployers: [{ name: "acme-argo", open: (env) => openDeployer("argo-workflows", env) }] };
    const env = { ...process.env, METAFLOW_DATASTORE_ROOT: join(cwd, "ds"), KUBECONFIG: join(cwd, "no-such-kubeconfig"), METAFLOW_KUBERNETES_CONTAINER_IMAGE: "registry.example/flows:1" };
    await assert.rejects(
      new Deployer(join(repoRoot, "examples", "production", "report.ts"), { cwd, env, plugins: [plugin] }).scheduler("acme-argo", { branch: "ci" }).create(),
      (e: unknown) => e instanceof MetaflowError && /kubeconfig/i.test(e.message),
      "the plugin's deployer was opened and went on to the cluster it cannot reach",
    );
    await assert.rejects(new Deployer(join(repoRoot, "examples", "production", "report.ts"), { cwd, env }).scheduler("acme-nope").create(), (e: unknown) => e instanceof MetaflowError && /Unknown deployer "acme-nope".*acme-argo/.test(e.message));
  });
});
