/**
 * Client Step: the tasks of one step of a run.
 * @module
 */
import { NotFoundError } from "../errors.js";
import { clientContext, splitPathspec } from "./client-context.js";
import { assertInNamespace } from "./namespace.js";
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

  /** Loads a step by pathspec `Flow/run/step`; its run must be in the current namespace. */
  static async get(pathspec: string): Promise<Step> {
    const [flow, run, step] = splitPathspec(pathspec, 3, "Flow/run/step") as [string, string, string];
    const ctx = clientContext();
    const record = await ctx.metadata.getRun(flow, run);
    if (record === undefined) throw new NotFoundError(`Run ${flow}/${run} does not exist in ${ctx.root}.`);
    assertInNamespace(`Step ${pathspec}`, record);
    return loadStep(flow, run, step, ctx.root, record.graph.order);
  }

  /** `Flow/run/step` */
  get pathspec(): string {
    return `${this.flowName}/${this.runId}/${this.id}`;
  }

  /** Task ids of the step, in numeric order (nothing else is read). */
  taskIds(): Promise<string[]> {
    return clientContext(this.root).flow(this.flowName).listTasks(this.runId, this.id);
  }

  /**
   * The step's tasks, ordered by foreach index (outermost first), then by task id. On an object
   * store the step is listed once, recursively (1,000 keys a request), and the tasks' records are
   * then read in parallel: a 1,000-task foreach costs a few listings, not 1,000 of them.
   */
  async tasks(): Promise<Task[]> {
    const listed = await this.listTaskFolders();
    const ids = listed === undefined ? await this.taskIds() : [...listed.keys()];
    const tasks = await Promise.all(ids.map((t) => loadTask(this.flowName, this.runId, this.id, t, this.root, undefined, listed?.get(t))));
    return tasks.sort((a, b) => compareStacks(a, b) || Number(a.id) - Number(b.id));
  }

  /** Task id -> names in its folder, from one recursive listing; undefined where per-task sync listings are cheaper (a local disk). */
  private async listTaskFolders(): Promise<Map<string, string[]> | undefined> {
    const storage = clientContext(this.root).flow(this.flowName).storage;
    if (storage.listSync !== undefined) return undefined;
    const prefix = `${this.pathspec}/`;
    const byTask = new Map<string, string[]>();
    for (const { key } of await storage.listRecursive(this.pathspec)) {
      const [task, name, ...deeper] = key.slice(prefix.length).split("/");
      if (task === undefined || name === undefined || deeper.length > 0) continue;
      const names = byTask.get(task);
      if (names === undefined) byTask.set(task, [name]);
      else names.push(name);
    }
    return byTask;
  }

  /** The task of a step that has one (`start`, `end`, a join); for a foreach step, its first task. */
  async task(): Promise<Task> {
    const [first] = await this.tasks();
    if (first === undefined) throw new NotFoundError(`Step ${this.pathspec} has no tasks.`);
    return first;
  }
}

/** @internal Loads a step without a namespace check; `known` lists step names of the run's graph. */
export async function loadStep(flow: string, run: string, step: string, root: string | undefined, known: readonly string[]): Promise<Step> {
  const ids = await clientContext(root).flow(flow).listTasks(run, step);
  if (ids.length === 0) {
    const hint = known.includes(step) ? "it has not run (yet) in this run" : `the flow has no such step; its steps: ${known.join(", ")}`;
    throw new NotFoundError(`Step ${flow}/${run}/${step} does not exist: ${hint}.`);
  }
  return new Step(flow, run, step, root);
}

function compareStacks(a: Task, b: Task): number {
  const x = a.foreachStack;
  const y = b.foreachStack;
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.index ?? 0) - (y[i]?.index ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
