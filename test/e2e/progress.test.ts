/**
 * How a run is printed: `--quiet` (and CI logs) get task output, failures and progress summary
 * lines instead of three lines per task; on a terminal (a pseudo-terminal from `script`) the
 * live per-step table replaces them, task output still prefixed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { cliBin, describeResult, flowPath, makeTmpDir, runFlow } from "../utils/cli.js";

const FOREACH = flowPath("foreach.ts");

test("--quiet: task output prefixed, a progress summary, the outcome; no per-task start and finish lines", async () => {
  const r = await runFlow(FOREACH, ["--quiet"]);
  assert.equal(r.code, 0, describeResult(r));
  assert.doesNotMatch(r.stdout, /Task is starting|Task finished successfully/);
  for (const v of ["x", "y", "z", "w"]) assert.match(r.stdout, new RegExp(`^\\[${r.runId}/body/\\d+ \\(pid \\d+\\)\\] body ${v}:\\d$`, "m"));
  assert.match(r.stdout, /^Progress after [\d.]+s: 0 tasks running, 0 queued, 7 done; start 1\/1.*, body 4\/4.*, join 1\/1.*, end 1\/1/m);
  assert.match(r.stdout, /Done!\n$/);
});

test("on a terminal: the live table per step instead of per-task lines, task output prefixed", async () => {
  const cwd = await makeTmpDir();
  const command = [process.execPath, cliBin, "run", FOREACH, "--datastore-root", `${cwd}/.metaflow`, "--max-workers", "2"].map((a) => `'${a}'`).join(" ");
  const { stdout } = await promisify(execFile)("script", ["-qec", command, "/dev/null"], { cwd, env: { ...process.env, METAFLOW_TS_PROGRESS: undefined, COLUMNS: "120", LINES: "40" }, maxBuffer: 16 * 1024 * 1024 });
  // eslint-disable-next-line no-control-regex
  const text = stdout.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");
  assert.doesNotMatch(text, /Task is starting|Task finished successfully/, text);
  assert.match(text, /STEP\s+DONE\s+RUNNING\s+QUEUED\s+FAILED\s+ELAPSED\s+RATE/);
  assert.match(text, /^\s+body\s+4\s+0\s+0\s+0\s+/m, text);
  assert.match(text, /\[\d+\/body\/\d+ \(pid \d+\)\] body x/);
  assert.match(text, /Done!\s*$/);
});
