/**
 * DESIGN.md §2, command by command, as a user types them: `run` with its documented options,
 * `show --format mermaid|dot|json`, `check`, `dump`, `logs` (both streams), `tag add|remove|list`,
 * `resume [STEP] --origin-run-id`, console prefixes and exit codes.
 */
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { describeResult, flowPath, makeTmpDir, runCli, runFlow, type FlowRunResult } from "../utils/cli.js";
import { assertSucceeded, openRun } from "../utils/client.js";

const FOREACH = flowPath("foreach.ts");
const LOGS = flowPath("log-streams.ts");

describe("contract: §2 commands", () => {
  let cwd = "";
  let run: FlowRunResult;
  before(async () => {
    cwd = await makeTmpDir("mfts-contract-");
    run = await runFlow(FOREACH, ["--tag", "t1", "--tag", "t2", "--with", "retry:times=1", "--max-num-splits", "10"], { cwd, maxWorkers: 2 });
  });
  const cli = (...args: string[]) => runCli(args, { cwd });

  test("run: --tag, --with, --max-workers, --max-num-splits, --run-id-file; prefixed lines, Done!", async () => {
    assertSucceeded(run);
    assert.match(run.stdout + run.stderr, new RegExp(`^\\[${run.runId}/start/\\d+ \\(pid \\d+\\)\\] `, "m"));
    const r = await openRun("ForeachFlow", run);
    assert.deepEqual([...r.tags].sort(), ["t1", "t2"]);
    const small = await runFlow(FOREACH, ["--max-num-splits", "1"], { cwd });
    assert.equal(small.code, 1, describeResult(small));
    assert.match(small.output, /--max-num-splits/);
  });

  test("show --format mermaid|dot|json and check", async () => {
    const mermaid = await cli("show", FOREACH, "--format", "mermaid");
    assert.equal(mermaid.code, 0, describeResult(mermaid));
    assert.match(mermaid.stdout, /^flowchart/m);
    const dot = await cli("show", FOREACH, "--format", "dot");
    assert.equal(dot.code, 0, describeResult(dot));
    assert.match(dot.stdout, /^digraph/m);
    const json = await cli("show", FOREACH, "--format", "json");
    assert.equal(json.code, 0, describeResult(json));
    assert.equal((JSON.parse(json.stdout) as { flowName: string }).flowName, "ForeachFlow");
    const check = await cli("check", FOREACH);
    assert.equal(check.code, 0, describeResult(check));
  });

  test("dump PATHSPEC of a run, a step and a task", async () => {
    for (const p of [`ForeachFlow/${run.runId}`, `ForeachFlow/${run.runId}/start`, `ForeachFlow/${run.runId}/start/1`]) {
      const r = await cli("dump", p);
      assert.equal(r.code, 0, describeResult(r));
      assert.match(r.stdout, /items/);
    }
  });

  test("logs PATHSPEC prints what a task wrote to stdout and stderr", async () => {
    const lr = await runFlow(LOGS, [], { cwd });
    assertSucceeded(lr);
    const out = await cli("logs", `LogStreamsFlow/${lr.runId}/start/1`);
    assert.equal(out.code, 0, describeResult(out));
    assert.match(out.stdout, /to-stdout-line[\s\S]*to-stderr-line/, "both streams by default, stdout first");
    const stdout = await cli("logs", `LogStreamsFlow/${lr.runId}/start/1`, "--stdout");
    assert.match(stdout.stdout, /to-stdout-line/);
    assert.doesNotMatch(stdout.output, /to-stderr-line/);
    const stderr = await cli("logs", `LogStreamsFlow/${lr.runId}/start/1`, "--stderr");
    assert.match(stderr.stdout, /to-stderr-line/);
    assert.doesNotMatch(stderr.output, /to-stdout-line/);
  });

  test("tag add | remove | list", async () => {
    const p = `ForeachFlow/${run.runId}`;
    assert.equal((await cli("tag", "add", p, "x", "y")).code, 0);
    assert.equal((await cli("tag", "remove", p, "y")).code, 0);
    const list = await cli("tag", "list", p, "--json");
    assert.equal(list.code, 0, describeResult(list));
    const text = list.stdout;
    assert.match(text, /"x"/);
    assert.doesNotMatch(text, /"y"/);
    assert.match(text, /"t1"/);
  });

  test("resume STEP --origin-run-id makes a new run that re-runs from STEP", async () => {
    const r = await runFlow(FOREACH, ["--origin-run-id", run.runId!, "join"], { cwd, command: "resume" });
    assertSucceeded(r);
    assert.notEqual(r.runId, run.runId);
    const resumed = await openRun("ForeachFlow", r);
    assert.equal(resumed.originRunId, run.runId);
  });
});
