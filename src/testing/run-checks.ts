/**
 * Checks on a finished conformance run, through its output and the client API (the run read back
 * from its datastore): it succeeded or failed as expected, it mentions what it should, its tasks.
 * @module
 */
import assert from "node:assert/strict";
import { namespace } from "../public/client.js";
import { loadRun, type Run } from "../client/run.js";
import type { Task } from "../client/task.js";
import { describeRun, type ConformanceRun } from "./conformance-cli.js";

/** The run succeeded: exit 0 and `Done!` as its closing line. */
export function succeeded(r: ConformanceRun): void {
  assert.equal(r.code, 0, `expected exit 0\n${describeRun(r)}`);
  const last = (text: string): string => text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "").at(-1) ?? "";
  assert.ok(last(r.stdout) === "Done!" || last(r.stderr) === "Done!", `expected "Done!" as the last line\n${describeRun(r)}`);
}

/** The run failed: exit 1, no `Done!`, and the output mentions every word. */
export function failed(r: ConformanceRun, ...words: (string | RegExp)[]): void {
  assert.equal(r.code, 1, `expected exit 1\n${describeRun(r)}`);
  assert.doesNotMatch(r.output, /^Done!$/m, `a failed run must not print Done!\n${describeRun(r)}`);
  mentions(r, ...words);
}

/** The output (stdout and stderr) contains every string and matches every pattern. */
export function mentions(r: ConformanceRun, ...words: (string | RegExp)[]): void {
  for (const w of words) {
    if (typeof w === "string") assert.ok(r.output.includes(w), `expected the output to mention ${JSON.stringify(w)}\n${describeRun(r)}`);
    else assert.match(r.output, w, `expected the output to match ${String(w)}\n${describeRun(r)}`);
  }
}

/** The run, read back through the client from the run's datastore. */
export async function openRun(flowName: string, r: ConformanceRun): Promise<Run> {
  assert.ok(r.runId, `the CLI did not write --run-id-file\n${describeRun(r)}`);
  namespace(null);
  return loadRun(flowName, r.runId, r.datastoreRoot);
}

/** The tasks of a step, or [] when the step never ran. */
export async function tasksOf(run: Run, stepName: string): Promise<Task[]> {
  const steps = await run.steps();
  const step = steps.find((s) => s.id === stepName);
  return step === undefined ? [] : [...(await step.tasks())];
}

/** The artifacts of a step's only task. */
export async function onlyTaskData(run: Run, stepName: string): Promise<Record<string, unknown>> {
  const tasks = await tasksOf(run, stepName);
  assert.equal(tasks.length, 1, `expected one task in step ${stepName}, got ${tasks.length}`);
  return (await (tasks[0] as Task).data()) as Record<string, unknown>;
}
