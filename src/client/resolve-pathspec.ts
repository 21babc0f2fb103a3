/**
 * The tasks a pathspec names: `Flow/run` (every task of every step, in graph order),
 * `Flow/run/step` (its tasks) or `Flow/run/step/task`. For `dump`, `logs` and similar tools.
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import { Run } from "./run.js";
import { Task } from "./task.js";

/** What a pathspec names, and its tasks. */
export interface ResolvedPathspec {
  readonly kind: "run" | "step" | "task";
  readonly run: Run;
  readonly tasks: readonly Task[];
}

/** Resolves `Flow/run[/step[/task]]` (in the current namespace); `attempt` applies to a task pathspec. */
export async function resolvePathspec(pathspec: string, options: { readonly attempt?: number } = {}): Promise<ResolvedPathspec> {
  const parts = pathspec.split("/").filter((p) => p !== "");
  if (parts.length < 2 || parts.length > 4) {
    throw new MetaflowError(ErrorCode.InvalidPathspec, `Invalid pathspec '${pathspec}': expected Flow/run, Flow/run/step or Flow/run/step/task (e.g. HelloFlow/1795437109445/start/1).`);
  }
  const [flow, runId, step, task] = parts as [string, string, string?, string?];
  const run = await Run.get(`${flow}/${runId}`);
  if (step === undefined) {
    const tasks = await Promise.all((await run.steps()).map((s) => s.tasks()));
    return { kind: "run", run, tasks: tasks.flat() };
  }
  if (task === undefined) return { kind: "step", run, tasks: await (await run.step(step)).tasks() };
  return { kind: "task", run, tasks: [await Task.get(pathspec, options)] };
}
