/**
 * A run whose scheduler was killed shows as `dead` (in `runs` and `Run.status`), not `running`
 * forever; while it runs it shows `running`, and a finished run its outcome.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Run, namespace } from "metaflow-ts";
import { describeResult, flowPath, makeTmpDir, runCli } from "../utils/cli.js";
import { descendantsOf, killAll, startFlow } from "../utils/processes.js";

interface Listed {
  readonly runId: string;
  readonly status: string;
}

async function listRuns(datastoreRoot: string): Promise<Listed[]> {
  const r = await runCli(["runs", "InterruptibleFlow", "--all", "--json", "--datastore-root", datastoreRoot]);
  assert.equal(r.code, 0, describeResult(r));
  return JSON.parse(r.stdout) as Listed[];
}

test("a run whose scheduler was SIGKILLed is dead, not running; a finished one shows its outcome", async () => {
  const dir = await makeTmpDir("mfts-dead-");
  const started = await startFlow(flowPath("failures/interruptible.ts"), [], { env: { INTERRUPT_DIR: dir } });
  let children: number[] = [];
  try {
    await started.waitFor(/hanging 0/, 120_000); // a bound for a loaded machine, not a timing check
    children = descendantsOf(started.pid);
    const runId = /run-id (\d+)/.exec(started.output())?.[1];
    assert.ok(runId, started.output());
    const running = await listRuns(started.datastoreRoot);
    assert.equal(running.find((r) => r.runId === runId)?.status, "running", JSON.stringify(running));

    started.child.kill("SIGKILL");
    await started.finished;
    const listed = await listRuns(started.datastoreRoot);
    assert.equal(listed.find((r) => r.runId === runId)?.status, "dead", JSON.stringify(listed));
    process.env["METAFLOW_DATASTORE_ROOT"] = started.datastoreRoot;
    namespace(null);
    const run = await Run.get(`InterruptibleFlow/${runId}`);
    assert.equal(run.status, "dead");
    assert.equal(run.ended, false);

    // Without INTERRUPT_DIR the flow finishes at once.
    const done = await startFlow(flowPath("failures/interruptible.ts"), [], { cwd: started.cwd, env: { INTERRUPT_DIR: undefined } });
    const r = await done.finished;
    assert.equal(r.code, 0, describeResult(r));
    assert.equal((await listRuns(started.datastoreRoot)).find((x) => x.runId === r.runId)?.status, "succeeded");
  } finally {
    started.child.kill("SIGKILL");
    killAll(children);
  }
});
