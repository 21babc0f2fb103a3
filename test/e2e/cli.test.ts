/**
 * The command line around runs: `check` and `show` on a good flow, clear errors for a
 * nonexistent flow file and for a module without a flow class, where the datastore goes
 * (`./.metaflow` by default, `METAFLOW_DATASTORE_ROOT`, `--datastore-root`), run ids,
 * `--tag`, and `Flow.latestRun()`.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Flow, Run, namespace } from "metaflow-ts";
import { describeResult, flowPath, makeTmpDir, runCli, runFlow, type CliResult } from "../utils/cli.js";
import { assertMentions, assertSucceeded, openRun } from "../utils/client.js";

const LINEAR = flowPath("linear.ts");

/** Asserts a command failed (exit 1 or 2) before doing anything, with a message matching `words`. */
function assertCliError(r: CliResult, ...words: Array<string | RegExp>): void {
  assert.ok(r.code === 1 || r.code === 2, `expected exit 1 or 2\n${describeResult(r)}`);
  assert.doesNotMatch(r.output, /^Done!$/m);
  assertMentions(r, ...words);
  assert.doesNotMatch(r.output, /^\s+at .*node:internal/m, "a user error is reported without an internal stack trace");
}

describe("cli: check and show", () => {
  test("check on a good flow exits 0", async () => {
    const r = await runCli(["check", LINEAR]);
    assert.equal(r.code, 0, describeResult(r));
  });

  test("show prints the steps and the flow's doc comment", async () => {
    const r = await runCli(["show", LINEAR]);
    assert.equal(r.code, 0, describeResult(r));
    assertMentions(r, "LinearFlow", "start", "middle", "end", "each step derives a value");
  });

  test("show --format json prints the graph as JSON", async () => {
    const r = await runCli(["show", LINEAR, "--format", "json"]);
    assert.equal(r.code, 0, describeResult(r));
    const graph: unknown = JSON.parse(r.stdout);
    const text = JSON.stringify(graph);
    for (const s of ["start", "middle", "end"]) assert.ok(text.includes(`"${s}"`), `JSON mentions step ${s}`);
  });

  test("show --format mermaid prints a mermaid graph", async () => {
    const r = await runCli(["show", flowPath("branch.ts"), "--format", "mermaid"]);
    assert.equal(r.code, 0, describeResult(r));
    assert.match(r.stdout, /flowchart|graph/);
    for (const s of ["start", "left", "right", "join", "end"]) assert.match(r.stdout, new RegExp(`\\b${s}\\b`));
  });
});

describe("cli: bad flow files", () => {
  test("a nonexistent flow file is a clear error for run and check", async () => {
    const missing = join(await makeTmpDir(), "does-not-exist.ts");
    for (const command of ["run", "check"]) {
      const r = await runCli([command, missing]);
      assertCliError(r, "does-not-exist.ts", /not found|no such file|does not exist|cannot find/i);
    }
  });

  test("a module without a flow class is a clear error for run and check", async () => {
    for (const command of ["run", "check"]) {
      const r = await runCli([command, flowPath("no-flow-class.ts")]);
      assertCliError(r, /no flow class|FlowSpec/i);
    }
  });
});

describe("cli: datastore location, run ids, tags", () => {
  test("default datastore is ./.metaflow in the cwd; each run gets a new id; latestRun is the newest", async () => {
    const cwd = await makeTmpDir();
    const first = await runFlow(LINEAR, [], { cwd, datastoreRoot: null });
    assertSucceeded(first);
    const second = await runFlow(LINEAR, [], { cwd, datastoreRoot: null });
    assertSucceeded(second);
    assert.ok(existsSync(join(cwd, ".metaflow")), "the datastore is created in the cwd");
    assert.ok(first.runId && second.runId);
    assert.notEqual(first.runId, second.runId, "run ids are unique");
    const run = await openRun("LinearFlow", first);
    assert.equal(run.successful, true);
    const latest = await (await Flow.get("LinearFlow")).latestRun();
    assert.equal(latest?.id, second.runId);
  });

  test("METAFLOW_DATASTORE_ROOT moves the datastore; --tag is recorded on the run", async () => {
    const cwd = await makeTmpDir();
    const elsewhere = join(await makeTmpDir(), "store");
    const r = await runFlow(LINEAR, ["--tag", "e2e-tag"], {
      cwd,
      datastoreRoot: null,
      env: { METAFLOW_DATASTORE_ROOT: elsewhere },
    });
    assertSucceeded(r);
    assert.ok(existsSync(elsewhere), "the datastore is created at METAFLOW_DATASTORE_ROOT");
    assert.ok(!existsSync(join(cwd, ".metaflow")), "nothing is written to ./.metaflow");
    const run = await openRun("LinearFlow", r);
    assert.ok([...run.tags].includes("e2e-tag"), `tags: ${JSON.stringify([...run.tags])}`);
  });

  test("the client does not see a run in another datastore", async () => {
    const r = await runFlow(LINEAR);
    assertSucceeded(r);
    process.env["METAFLOW_DATASTORE_ROOT"] = join(await makeTmpDir(), "empty");
    namespace(null);
    await assert.rejects(Run.get(`LinearFlow/${r.runId}`));
  });
});
