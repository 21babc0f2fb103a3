/** The progress display's model (counts per step from run events) and its renderings. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { consoleReporter } from "../../src/cli/format/console-reporter.js";
import { ProgressModel } from "../../src/cli/format/progress-model.js";
import { renderProgressLine, renderProgressTable } from "../../src/cli/format/progress-render.js";
import type { RunEvent, TaskRef } from "../../src/scheduler/events.js";

const ref = (step: string, taskId: string, attempt = 0): TaskRef => ({ flowName: "F", runId: "7", step, taskId, attempt, pid: 1 });
const queued = (step: string, taskId: string): RunEvent => ({ type: "task:queued", flowName: "F", runId: "7", step, taskId });

function wideForeach(): { events: [RunEvent, number][] } {
  const events: [RunEvent, number][] = [[{ type: "run:start", flowName: "F", runId: "7" }, 0]];
  events.push([queued("start", "1"), 0], [{ type: "task:start", task: ref("start", "1") }, 0], [{ type: "task:end", task: ref("start", "1"), status: "ok" }, 1000]);
  for (let i = 2; i < 12; i++) events.push([queued("body", String(i)), 1000]);
  for (let i = 2; i < 6; i++) events.push([{ type: "task:start", task: ref("body", String(i)) }, 1000]);
  events.push([{ type: "task:end", task: ref("body", "2"), status: "ok" }, 2000]);
  events.push([{ type: "task:end", task: ref("body", "3"), status: "failed", retryInSeconds: 0 }, 2000]);
  events.push([{ type: "task:end", task: ref("body", "4"), status: "failed" }, 3000]);
  events.push([{ type: "task:log", task: ref("body", "5"), stream: "stdout", line: "hi" }, 3000]);
  return { events };
}

test("counts per step: queued, running, done, failed; a failed attempt that will retry is queued again", () => {
  const m = new ProgressModel();
  for (const [e, at] of wideForeach().events) m.apply(e, at);
  const [start, body] = m.snapshot();
  assert.deepEqual(start, { step: "start", done: 1, running: 0, queued: 0, failed: 0, reused: 0, startedAt: 0, lastEndedAt: 1000 });
  assert.deepEqual(body, { step: "body", done: 1, running: 1, queued: 7, failed: 1, reused: 0, startedAt: 1000, lastEndedAt: 3000 });
});

test("a reused task (resume) is done without running", () => {
  const m = new ProgressModel();
  m.apply(queued("start", "1"), 0);
  m.apply({ type: "task:reused", task: ref("start", "1"), origin: "6/start/1" }, 5);
  assert.deepEqual(m.snapshot()[0], { step: "start", done: 1, running: 0, queued: 0, failed: 0, reused: 1, startedAt: 5, lastEndedAt: 5 });
});

test("the summary line and the live table show totals, per-step counts, elapsed and rate", () => {
  const m = new ProgressModel();
  for (const [e, at] of wideForeach().events) m.apply(e, at);
  const line = renderProgressLine(m.snapshot(), m.startedAt, 5000);
  assert.equal(line, "Progress after 5.0s: 1 task running, 7 queued, 2 done, 1 failed; body 1/10 (1 failed) 0.5/s");
  const table = renderProgressTable("F/7", m.snapshot(), m.startedAt, 5000);
  assert.equal(table[0], "F/7: 2 done, 1 running, 7 queued, 1 failed (5.0s)");
  assert.match(table[1] ?? "", /STEP\s+DONE\s+RUNNING\s+QUEUED\s+FAILED\s+ELAPSED\s+RATE/);
  assert.match(table[3] ?? "", /body\s+1\s+1\s+7\s+1\s+4\.0s\s+0\.5\/s/);
});

test("quiet mode prints task output, failures and a final summary, not each task's start and end", () => {
  const lines: string[] = [];
  let clock = 0;
  const report = consoleReporter({ out: (l) => lines.push(l), err: (l) => lines.push(`ERR ${l}`) }, { mode: "quiet", summaryEveryMs: 0, now: () => clock });
  for (const [e, at] of wideForeach().events) {
    clock = at;
    report(e);
  }
  clock = 5000;
  report({ type: "run:end", flowName: "F", runId: "7", status: "failed", failedTask: "F/7/body/4" });
  assert.deepEqual(lines, [
    "Workflow starting (run-id 7): F",
    "[7/body/3 (pid 1)] Task failed.",
    "[7/body/3 (pid 1)] Retrying.",
    "[7/body/4 (pid 1)] Task failed.",
    "[7/body/5 (pid 1)] hi",
    "Progress after 5.0s: 1 task running, 7 queued, 2 done, 1 failed; body 1/10 (1 failed) 0.5/s",
    "Run F/7 failed: task F/7/body/4 failed",
  ]);
});
