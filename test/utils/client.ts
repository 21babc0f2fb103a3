/**
 * Helpers to inspect a finished run through the public client API, and common
 * assertions on CLI results.
 * @module
 */
import assert from "node:assert/strict";
import { Run, namespace } from "metaflow-ts";
import { describeResult, type CliResult, type FlowRunResult } from "./cli.js";

/** A run object as returned by the client. */
export type ClientRun = Awaited<ReturnType<typeof Run.get>>;
/** A step object as returned by the client. */
export type ClientStep = Awaited<ReturnType<ClientRun["step"]>>;
/** A task object as returned by the client. */
export type ClientTask = Awaited<ReturnType<ClientStep["tasks"]>>[number];

/**
 * Points the client at the datastore of `r` (the client reads `METAFLOW_DATASTORE_ROOT`
 * at call time) and disables namespace filtering. Tests in a file run one after another,
 * so setting the variable before each read is safe.
 */
export function useDatastore(r: FlowRunResult): void {
  process.env["METAFLOW_DATASTORE_ROOT"] = r.datastoreRoot;
  namespace(null);
}

/** Opens the run `flowName/<r.runId>` through the client. */
export async function openRun(flowName: string, r: FlowRunResult): Promise<ClientRun> {
  assert.ok(r.runId, `the CLI did not write --run-id-file\n${describeResult(r)}`);
  useDatastore(r);
  return Run.get(`${flowName}/${r.runId}`);
}

/** The tasks of a step, or [] when the step never ran in this run. */
export async function tasksOf(run: ClientRun, stepName: string): Promise<ClientTask[]> {
  let step: ClientStep;
  try {
    step = await run.step(stepName);
  } catch {
    return [];
  }
  return [...(await step.tasks())];
}

/** The artifacts of a step's single task. */
export async function onlyTaskData(run: ClientRun, stepName: string): Promise<Record<string, unknown>> {
  const tasks = await tasksOf(run, stepName);
  assert.equal(tasks.length, 1, `expected exactly one task in step ${stepName}, got ${tasks.length}`);
  return (await tasks[0]!.data()) as Record<string, unknown>;
}

/** Last non-empty line of a text. */
export function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
  return lines.at(-1) ?? "";
}

/** Asserts the CLI succeeded: exit 0 and `Done!` as the closing line. */
export function assertSucceeded(r: CliResult): void {
  assert.equal(r.code, 0, `expected exit 0\n${describeResult(r)}`);
  assert.ok(
    lastLine(r.stdout) === "Done!" || lastLine(r.stderr) === "Done!",
    `expected the last line to be "Done!"\n${describeResult(r)}`,
  );
}

/** Asserts a run failed: exit 1, no `Done!`, and the output mentions every `words` entry. */
export function assertFailed(r: CliResult, ...words: Array<string | RegExp>): void {
  assert.equal(r.code, 1, `expected exit 1\n${describeResult(r)}`);
  assert.doesNotMatch(r.output, /^Done!$/m, `a failed run must not print Done!\n${describeResult(r)}`);
  assertMentions(r, ...words);
}

/** Asserts the CLI output (stdout + stderr) contains every string / matches every pattern. */
export function assertMentions(r: CliResult, ...words: Array<string | RegExp>): void {
  for (const w of words) {
    if (typeof w === "string") assert.ok(r.output.includes(w), `expected the output to mention ${JSON.stringify(w)}\n${describeResult(r)}`);
    else assert.match(r.output, w, `expected the output to match ${String(w)}\n${describeResult(r)}`);
  }
}

/** Sorts tasks by their foreach index (tasks outside a foreach keep their order). */
export function byIndex(tasks: readonly ClientTask[]): ClientTask[] {
  return [...tasks].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
}
