/**
 * Moving between tasks of a run: parents from a task's recorded input paths, children by
 * finding the tasks of the graph's successor steps whose inputs include it.
 * @module
 */
import { NotFoundError } from "../errors.js";
import { transitionTargets } from "../graph/transition-targets.js";
import { clientContext } from "./client-context.js";
import { loadTask, type Task } from "./task.js";

/** Loads the tasks at `pathspecs` (`Flow/run/step/task`). */
export function parentTasksOf(pathspecs: readonly string[], root: string | undefined): Promise<Task[]> {
  return Promise.all(
    pathspecs.map((p) => {
      const [flow, run, step, task] = p.split("/") as [string, string, string, string];
      return loadTask(flow, run, step, task, root);
    }),
  );
}

/** The tasks of the steps after `task`'s step that list it among their inputs. */
export async function childTasksOf(task: Task, root: string | undefined): Promise<Task[]> {
  const ctx = clientContext(root);
  const record = await ctx.metadata.getRun(task.flowName, task.runId);
  if (record === undefined) throw new NotFoundError(`Run ${task.flowName}/${task.runId} does not exist in ${ctx.root}.`);
  const node = record.graph.steps[task.stepName];
  if (node === undefined) return [];
  const me = `${task.runId}/${task.stepName}/${task.id}`;
  const fds = ctx.flow(task.flowName);
  const found: Task[] = [];
  for (const step of transitionTargets(node.transition)) {
    const ids = await fds.listTasks(task.runId, step);
    const candidates = await Promise.all(ids.map((id) => loadTask(task.flowName, task.runId, step, id, root)));
    const inputs = await Promise.all(candidates.map((c) => c.startRecord().then((r) => r.inputPaths, () => [] as readonly string[])));
    candidates.forEach((c, i) => {
      if (inputs[i]?.includes(me)) found.push(c);
    });
  }
  return found;
}
