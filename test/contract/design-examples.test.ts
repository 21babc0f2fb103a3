/**
 * DESIGN.md §1–§3 as an outside acceptance suite reads them: the example flow at the path the
 * design names (`examples/configurable.ts`), run both ways of §2 (`metaflow-ts run FILE` and
 * `npx tsx FILE run`), then read back through exactly the calls of §3 (`Flow.get`,
 * `latestSuccessfulRun`, `run.data()`, `step("body").tasks()`, `artifact`, `index`, `stdout`)
 * and started again through `new Runner(file).run({ alpha })`.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { Flow, Run, Runner, namespace } from "metaflow-ts";
import { describeResult, examplePath, makeTmpDir, runFlow, runFlowDirect } from "../utils/cli.js";
import { assertSucceeded, useDatastore } from "../utils/client.js";

const FLOW = examplePath("configurable.ts");

describe("contract: DESIGN.md §1 example at examples/configurable.ts", () => {
  const cli = runFlow(FLOW);
  const direct = runFlowDirect(FLOW, ["--alpha", "0.75"]);

  test("`metaflow-ts run examples/configurable.ts` succeeds with the config's values", async () => {
    const r = await cli;
    assertSucceeded(r);
    useDatastore(r);
    const run = await (await Flow.get("ConfigurableFlow")).latestSuccessfulRun();
    assert.ok(run instanceof Run);
    assert.equal(run.id, r.runId);
    assert.equal(run.successful, true);
    assert.equal(run.finished, true);
    assert.ok(Array.isArray(run.tags));
    const data = await run.data();
    assert.deepEqual(data["all"], ["a-0.5", "b-0.5", "c-0.5"]);
    assert.equal(data["alpha"], 0.5, "the parameter default comes from the TOML config");
    assert.deepEqual((data["config"] as { resources: unknown }).resources, { cpu: 1 }, "configs are stored as artifacts");
    const tasks = await (await run.step("body")).tasks();
    assert.equal(tasks.length, 3);
    const byIndex = [...tasks].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    assert.deepEqual(byIndex.map((t) => t.index), [0, 1, 2]);
    assert.equal(await byIndex[1]!.artifact("value"), "b-0.5");
    assert.equal(typeof (await byIndex[0]!.stdout()), "string");
  });

  test("`npx tsx examples/configurable.ts run --alpha 0.75` (main(import.meta, ...)) runs it too", async () => {
    const r = await direct;
    assertSucceeded(r);
    useDatastore(r);
    const run = await Run.get(`ConfigurableFlow/${r.runId}`);
    assert.deepEqual((await run.data())["all"], ["a-0.75", "b-0.75", "c-0.75"]);
  });

  test("`new Runner(file).run({ alpha: 0.3 })` gives r.status and r.run (a Run)", async () => {
    const cwd = await makeTmpDir("mfts-contract-");
    const r = await new Runner(FLOW, { cwd, datastoreRoot: join(cwd, ".metaflow") }).run({ alpha: 0.3 });
    assert.equal(r.status, "succeeded", `run status ${r.status}`);
    assert.ok(r.run instanceof Run);
    process.env["METAFLOW_DATASTORE_ROOT"] = join(cwd, ".metaflow");
    namespace(null);
    const data = await (await Run.get(r.run.pathspec)).data();
    assert.deepEqual(data["all"], ["a-0.3", "b-0.3", "c-0.3"], describeResult({ code: 0, stdout: "", stderr: "", output: "", timedOut: false, cwd }));
  });
});
