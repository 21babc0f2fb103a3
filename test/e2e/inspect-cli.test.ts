/**
 * The inspection commands through the real CLI: dump, logs, tag, runs (all with --json) and gc.
 */
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describeResult, flowPath, makeTmpDir, runCli, runFlow, type CliResult, type FlowRunResult } from "../utils/cli.js";
import { assertMentions, assertSucceeded } from "../utils/client.js";

let cwd: string;
let foreach: FlowRunResult;
let retried: FlowRunResult;
const cli = (args: string[], env: Record<string, string> = {}) => runCli([...args, "--datastore-root", join(cwd, ".metaflow")], { cwd, env });
const ok = (r: CliResult) => assert.equal(r.code, 0, describeResult(r));

before(async () => {
  cwd = await makeTmpDir("mfts-inspect-");
  [foreach, retried] = await Promise.all([runFlow(flowPath("foreach.ts"), ["--tag", "first"], { cwd, env: { METAFLOW_USER: "alice" } }), runFlow(flowPath("failures/retry.ts"), [], { cwd, env: { METAFLOW_USER: "alice" } })]);
  assertSucceeded(foreach);
  assertSucceeded(retried);
});

describe("dump", () => {
  test("a task, a step and a run, values previewed", async () => {
    const task = await cli(["dump", `ForeachFlow/${foreach.runId}/body/3`]);
    ok(task);
    assertMentions(task, `ForeachFlow/${foreach.runId}/body/3 (attempt 0, foreach index 1, successful)`, "NAME", "value", "'y:1'", "string");
    const step = await cli(["dump", `ForeachFlow/${foreach.runId}/body`]);
    ok(step);
    assert.equal(step.stdout.match(/foreach index/g)?.length, 4);
    const run = await cli(["dump", `ForeachFlow/${foreach.runId}`, "--include", "finished"]);
    ok(run);
    assertMentions(run, "/start/1", "/end/", "true");
  });

  test("--json gives full values as data; --max-value-size cuts them; --no-values reads none", async () => {
    const r = await cli(["dump", `ForeachFlow/${foreach.runId}/join`, "--json"]);
    ok(r);
    const [task] = JSON.parse(r.stdout) as { pathspec: string; artifacts: { name: string; value: unknown; sha: string; size: number }[] }[];
    assert.deepEqual(task?.artifacts.find((a) => a.name === "values")?.value, ["x:0", "y:1", "z:2", "w:3"]);
    const cut = JSON.parse((await cli(["dump", `ForeachFlow/${foreach.runId}/join`, "--json", "--max-value-size", "8"])).stdout) as { artifacts: { name: string; value: unknown; truncated?: boolean }[] }[];
    const values = cut[0]?.artifacts.find((a) => a.name === "values");
    assert.equal(values?.truncated, true);
    assert.match(String(values?.value), /…/);
    const none = JSON.parse((await cli(["dump", `ForeachFlow/${foreach.runId}/join`, "--json", "--no-values"])).stdout) as { artifacts: Record<string, unknown>[] }[];
    assert.ok(none[0]?.artifacts.every((a) => !("value" in a) && typeof a["sha"] === "string"));
  });

  test("unknown and malformed pathspecs are clear errors", async () => {
    const missing = await cli(["dump", "ForeachFlow/123"]);
    assert.equal(missing.code, 1, describeResult(missing));
    assertMentions(missing, "Object not found", "ForeachFlow/123 does not exist");
    const bad = await cli(["dump", "ForeachFlow"]);
    assert.equal(bad.code, 2, describeResult(bad));
    assertMentions(bad, "Invalid pathspec");
    const step = await cli(["dump", `ForeachFlow/${foreach.runId}/nope`]);
    assertMentions(step, "its steps: start, body, join, end");
  });
});

describe("logs", () => {
  test("both streams by default, --stdout, --stderr, --both, --attempt N, a step's tasks", async () => {
    const base = `RetryFlow/${retried.runId}/flaky/2`;
    const out = await cli(["logs", base]);
    ok(out);
    assert.equal(out.stdout.trim(), "stdout of attempt 1\nstderr of attempt 1"); // stdout, then stderr
    assert.match(out.stderr, new RegExp(`=== ${base} \\(attempt 1\\) stdout ===[\\s\\S]*=== ${base} \\(attempt 1\\) stderr ===`));
    const both = await cli(["logs", base, "--both"]);
    ok(both);
    assert.equal(both.stdout, out.stdout);
    const explicit = await cli(["logs", base, "--stdout", "--stderr"]);
    ok(explicit);
    assert.equal(explicit.stdout, out.stdout);
    const stdoutOnly = await cli(["logs", base, "--stdout"]);
    ok(stdoutOnly);
    assert.equal(stdoutOnly.stdout.trim(), "stdout of attempt 1");
    assert.doesNotMatch(stdoutOnly.stderr, /===/); // one stream of one task: no header
    const stderrOnly = await cli(["logs", base, "--stderr"]);
    ok(stderrOnly);
    assert.equal(stderrOnly.stdout.trim(), "stderr of attempt 1");
    const err0 = await cli(["logs", base, "--stderr", "--attempt", "0"]);
    ok(err0);
    assert.match(err0.stdout, /stderr of attempt 0/); // log content is output, whichever stream the task used
    const none = await cli(["logs", base, "--attempt", "5"]);
    assert.equal(none.code, 1);
    assertMentions(none, "no attempt 5", "its attempts: 0, 1");
    const step = await cli(["logs", `ForeachFlow/${foreach.runId}/body`]);
    ok(step);
    for (const v of ["x:0", "y:1", "z:2", "w:3"]) assertMentions(step, `body ${v}`);
  });
});

describe("tag", () => {
  test("add, replace, remove and list, with --json; system tags are refused", async () => {
    const run = `ForeachFlow/${foreach.runId}`;
    ok(await cli(["tag", "add", run, "a", "b"]));
    const replaced = await cli(["tag", "replace", run, "a", "c", "--json"]);
    ok(replaced);
    assert.deepEqual((JSON.parse(replaced.stdout) as { tags: string[] }).tags, ["first", "b", "c"]);
    ok(await cli(["tag", "remove", run, "b"]));
    const list = await cli(["tag", "list", run, "--json"]);
    const tags = JSON.parse(list.stdout) as { tags: string[]; systemTags: string[] };
    assert.deepEqual(tags.tags, ["first", "c"]);
    assert.ok(tags.systemTags.includes("user:alice"));
    const flow = await cli(["tag", "list", "ForeachFlow", "--json"]);
    assert.deepEqual(JSON.parse(flow.stdout), { c: [foreach.runId], first: [foreach.runId] });
    const sys = await cli(["tag", "remove", run, "user:alice"]);
    assert.equal(sys.code, 2, describeResult(sys));
    assertMentions(sys, "system tag 'user:alice'", "cannot be changed");
  });
});

describe("runs", () => {
  test("by flow file or name, newest first, with status, duration and tags; namespaces; --json", async () => {
    const byFile = await cli(["runs", flowPath("foreach.ts")], { METAFLOW_USER: "alice" });
    ok(byFile);
    assertMentions(byFile, "RUN", "STATUS", "DURATION", "TAGS", foreach.runId ?? "?", "succeeded");
    const json = await cli(["runs", "RetryFlow", "--json"], { METAFLOW_USER: "alice" });
    const runs = JSON.parse(json.stdout) as { runId: string; status: string; durationMs: number; user: string }[];
    assert.equal(runs[0]?.runId, retried.runId);
    assert.equal(runs[0]?.status, "succeeded");
    assert.ok((runs[0]?.durationMs ?? 0) > 0);
    const bob = await cli(["runs", "RetryFlow", "--json"], { METAFLOW_USER: "bob" });
    assert.deepEqual(JSON.parse(bob.stdout), [], "bob's namespace has no runs");
    const all = await cli(["runs", "RetryFlow", "--all", "--json"], { METAFLOW_USER: "bob" });
    assert.equal((JSON.parse(all.stdout) as unknown[]).length, 1);
    const tagged = await cli(["runs", "ForeachFlow", "--all", "--tag", "nope", "--json"]);
    assert.deepEqual(JSON.parse(tagged.stdout), []);
  });
});

describe("gc", () => {
  test("deletes old runs and unreferenced data, keeps the latest successful run, --dry-run deletes nothing", async () => {
    const dir = await makeTmpDir("mfts-gc-");
    const root = join(dir, ".metaflow");
    const runs: FlowRunResult[] = [];
    for (const who of ["one", "two", "three"]) runs.push(await runFlow(flowPath("parameters.ts"), ["--who", who], { cwd: dir }));
    const failed = await runFlow(flowPath("failure.ts"), [], { cwd: dir });
    runs.forEach(assertSucceeded);
    const gc = (args: string[]) => runCli(["gc", ...args, "--datastore-root", root], { cwd: dir });
    const runDirs = () => readdirSync(join(root, "ParametersFlow")).filter((n) => /^\d+$/.test(n)).sort();
    const blobs = () => readdirSync(join(root, "ParametersFlow", "data")).flatMap((d) => readdirSync(join(root, "ParametersFlow", "data", d))).length;
    const before = runDirs();
    const blobsBefore = blobs();

    const none = await gc([]);
    assert.equal(none.code, 2);
    assertMentions(none, "--older-than DATE and/or --keep-last N");

    const dry = await gc(["ParametersFlow", "--keep-last", "0", "--dry-run", "--json"]);
    ok(dry);
    const plan = JSON.parse(dry.stdout) as { dryRun: boolean; flows: { deletedRuns: { runId: string }[]; protectedRuns: { runId: string }[]; blobs: { files: number } }[] };
    assert.equal(plan.dryRun, true);
    assert.deepEqual(plan.flows[0]?.protectedRuns.map((r) => r.runId), [runs[2]?.runId], "the latest successful run is protected");
    assert.ok((plan.flows[0]?.blobs.files ?? 0) > 0);
    assert.deepEqual(runDirs(), before, "a dry run deletes nothing");

    // Stored `@npm` environments (<Flow>/environments/<id>.*): one recorded by the run that stays, one only by a run that goes.
    const [kept, gone] = ["a".repeat(64), "b".repeat(64)];
    const envDir = join(root, "ParametersFlow", "environments");
    mkdirSync(envDir, { recursive: true });
    for (const id of [kept, gone]) for (const ext of [".tgz", ".lock.json"]) writeFileSync(join(envDir, `${id}${ext}`), "x");
    const record = (id: string) => JSON.stringify({ steps: { start: { provider: "npm", id, requested: {}, resolved: {}, tree: {} } } });
    writeFileSync(join(root, "ParametersFlow", runs[2]!.runId!, "_environment.json"), record(kept));
    writeFileSync(join(root, "ParametersFlow", runs[0]!.runId!, "_environment.json"), record(gone));

    const real = await gc([flowPath("parameters.ts"), "--keep-last", "1"]);
    ok(real);
    assertMentions(real, "ParametersFlow: deleted", "unreferenced blob", /Freed \d/);
    const left = runDirs();
    assert.ok(left.includes(runs[2]!.runId!), "the latest successful run is kept");
    assert.equal(left.length, 1, `only one run left: ${left.join(",")}`);
    assert.ok(existsSync(join(root, "FailureFlow", failed.runId ?? "?")), "other flows are untouched");
    assert.ok(blobs() < blobsBefore, "unreferenced blobs were deleted");
    assert.deepEqual(readdirSync(envDir).sort(), [`${kept}.lock.json`, `${kept}.tgz`], "the environment no remaining run uses was deleted");
    assertMentions(real, "2 environment files");
    // The remaining run is intact.
    const dump = await runCli(["dump", `ParametersFlow/${runs[2]!.runId}/end`, "--json", "--datastore-root", root], { cwd: dir });
    ok(dump);
    assert.match(dump.stdout, /three/);
    assert.ok(existsSync(join(root, "ParametersFlow", "code")));
  });
});
