/**
 * The command line as a new user meets it, run from the flow file (`npx tsx flow.ts <command>`)
 * and through `metaflow-ts`: pathspecs without the flow name, help that shows the flow, a closed
 * pipe, `logs --stderr` on stdout, `--version`, system-tag prefixes refused, an empty value for
 * a required parameter refused.
 */
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describeResult, flowPath, makeTmpDir, repoRoot, runCli, runFlow, runFlowDirect, runFlowFile, type FlowRunResult } from "../utils/cli.js";
import { assertMentions } from "../utils/client.js";

const FLOW = flowPath("log-streams.ts");
let first: FlowRunResult;

before(async () => {
  first = await runFlowDirect(FLOW);
  assert.equal(first.code, 0, describeResult(first));
  assert.ok(first.runId);
});

describe("cli from the flow file (npx tsx flow.ts ...)", () => {
  test("dump takes RUN/STEP without the flow name, and the full pathspec", async () => {
    for (const spec of [`${first.runId}/start`, `LogStreamsFlow/${first.runId}/start`]) {
      const r = await runFlowFile(FLOW, ["dump", spec], { cwd: first.cwd });
      assert.equal(r.code, 0, describeResult(r));
      assertMentions(r, `LogStreamsFlow/${first.runId}/start/`, "greeting", "hello");
    }
  });

  test("logs takes RUN/STEP without the flow name", async () => {
    const r = await runFlowFile(FLOW, ["logs", `${first.runId}/start`], { cwd: first.cwd });
    assert.equal(r.code, 0, describeResult(r));
    assert.match(r.stdout, /to-stdout-line/);
  });

  test("run --help names the flow and does not ask for a <flow> argument", async () => {
    const r = await runFlowFile(FLOW, ["run", "--help"], { cwd: first.cwd });
    assert.equal(r.code, 0, describeResult(r));
    assert.match(r.stdout, /Usage: .*log-streams\.ts run \[options\]/);
    assert.match(r.stdout, /LogStreamsFlow/);
    assert.doesNotMatch(r.stdout, /<flow>/);
  });

  test("runs piped into a reader that closes early ends quietly", async () => {
    const tsx = import.meta.resolve("tsx");
    const script = `"$NODE" --import "$TSX" "$FLOW" runs 2>"$ERR" | true; echo "exit=\${PIPESTATUS[0]}"`;
    const err = join(first.cwd, "runs-stderr.txt");
    const { stdout } = await promisify(execFile)("bash", ["-c", script], { cwd: first.cwd, env: { ...process.env, NODE: process.execPath, TSX: tsx, FLOW, ERR: err } });
    assert.match(stdout, /exit=0/);
    assert.equal(await readFile(err, "utf8"), "");
  });
});

describe("cli: the datastore is found by walking up from the working directory", () => {
  test("a run started in a sub-folder joins the .metaflow of its parent folder; runs lists it from there", async () => {
    const sub = join(first.cwd, "sub", "deeper");
    await mkdir(sub, { recursive: true });
    const r = await runFlow(FLOW, [], { cwd: sub, datastoreRoot: null });
    assert.equal(r.code, 0, describeResult(r));
    assert.ok(r.runId);
    assert.ok(existsSync(join(first.cwd, ".metaflow", "LogStreamsFlow", r.runId)), "the run is in the parent's datastore");
    assert.ok(!existsSync(join(sub, ".metaflow")), "no new datastore in the sub-folder");
    const runs = await runCli(["runs", FLOW, "--json"], { cwd: join(first.cwd, "sub") });
    assert.equal(runs.code, 0, describeResult(runs));
    const ids = (JSON.parse(runs.stdout) as { runId: string }[]).map((x) => x.runId);
    assert.ok(ids.includes(r.runId) && ids.includes(first.runId as string), ids.join(", "));
  });
});

describe("cli: logs, version, tags, required parameters", () => {
  test("logs --stderr writes the task's stderr to stdout (so | grep sees it)", async () => {
    const r = await runCli(["logs", `LogStreamsFlow/${first.runId}/start`, "--stderr", "--datastore-root", first.datastoreRoot]);
    assert.equal(r.code, 0, describeResult(r));
    assert.match(r.stdout, /to-stderr-line/);
    assert.doesNotMatch(r.stderr, /to-stderr-line/);
  });

  test("gc covers the code-package cache: --cache --dry-run reports it, touching no run", async () => {
    const r = await runCli(["gc", "--cache", "--dry-run", "--json", "--datastore-root", first.datastoreRoot]);
    assert.equal(r.code, 0, describeResult(r));
    const report = JSON.parse(r.stdout) as { dryRun: boolean; cache: { dir: string; files: number; bytes: number } };
    assert.equal(report.dryRun, true);
    assert.equal(report.cache.dir, join(tmpdir(), `metaflow-ts-${userInfo().uid}`));
    assert.ok(Number.isInteger(report.cache.files) && Number.isInteger(report.cache.bytes));
    const text = await runCli(["gc", "--keep-last", "100", "--dry-run", "--datastore-root", first.datastoreRoot]);
    assert.equal(text.code, 0, describeResult(text));
    assertMentions(text, "Code-package cache", "would delete");
  });

  test("--version prints the package's version", async () => {
    const r = await runCli(["--version"]);
    assert.equal(r.code, 0, describeResult(r));
    const pkg = JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")) as { version: string };
    assert.equal(r.stdout.trim(), pkg.version);
  });

  test("tag add refuses tags with a system-tag prefix; run --tag too", async () => {
    const r = await runCli(["tag", "add", `LogStreamsFlow/${first.runId}`, "user:bob", "--datastore-root", first.datastoreRoot]);
    assert.equal(r.code, 2, describeResult(r));
    assertMentions(r, "user:bob", "system tag");
    const list = await runCli(["tag", "list", `LogStreamsFlow/${first.runId}`, "--json", "--datastore-root", first.datastoreRoot]);
    assert.deepEqual((JSON.parse(list.stdout) as { tags: string[] }).tags, []);
    const run = await runFlow(FLOW, ["--tag", "runtime:python"]);
    assert.equal(run.code, 2, describeResult(run));
    assertMentions(run, "runtime:python", "system tag");
  });

  test("an empty --name= does not satisfy a required parameter", async () => {
    const cwd = await makeTmpDir();
    const r = await runFlow(flowPath("parameters.ts"), ["--who="], { cwd });
    assert.equal(r.code, 2, describeResult(r));
    assertMentions(r, "who", "required", "empty");
    assert.equal(r.runId, undefined);
  });
});
