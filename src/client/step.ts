/**
 * Client Step: the tasks of one step of a run.
 * @module
 */
import { NotFoundError } from "../errors.js";
import { clientContext, splitPathspec } from "./client-context.js";
import { loadTask, type Task } from "./task.js";

/** A step of a run. */
export class Step {
  /** @internal */
  constructor(
    readonly flowName: string,
    readonly runId: string,
    /** The step name. */
    readonly id: string,
    private readonly root?: string,
  ) {}

  /** Loads a step by pathspec `Flow/run/step`. */
  static async get(pathspec: string, root?: string): Promise<Step> {
    const [flow, run, step] = splitPathspec(pathspec, 3, "Flow/run/step") as [string, string, string];
    const tasks = await clientContext(root).flow(flow).listTasks(run, step);
    if (tasks.length === 0) throw new NotFoundError(`Step ${pathspec} does not exist or has no tasks.`);
    return new Step(flow, run, step, root);
  }

  get pathspec(): string {
    return `${this.flowName}/${this.runId}/${this.id}`;
  }

  /** The step's tasks, ordered by foreach index, then by task id. */
  async tasks(): Promise<Task[]> {
    const ids = await clientContext(this.root).flow(this.flowName).listTasks(this.runId, this.id);
    const tasks = await Promise.all(ids.map((t) => loadTask(this.flowName, this.runId, this.id, t, this.root)));
    return tasks.sort((a, b) => stackKey(a).localeCompare(stackKey(b)) || Number(a.id) - Number(b.id));
  }

  /** The only task of a step that is not in a foreach (the first task otherwise). */
  async task(): Promise<Task> {
    const [first] = await this.tasks();
    if (first === undefined) throw new NotFoundError(`Step ${this.pathspec} has no tasks.`);
    return first;
  }
}

function stackKey(t: Task): string {
  return t.foreachStack.map((f) => String(f.index).padStart(8, "0")).join(".");
}
