/**
 * `GET /api/runs/:flow/:run` (graph, parameters, configs), `GET /api/runs/:flow/:run/tasks`
 * (every task with its attempts, and each step's state) and `POST /api/runs/:flow/:run/tags`.
 * @module
 */
import type { Hono } from "hono";
import { Run } from "../../../client/run.js";
import { Task } from "../../../client/task.js";
import type { Step } from "../../../client/step.js";
import type { GraphStep, RunDetail, RunTasksResponse, TagChangeRequest, TagsResponse, TaskSummary, ValuePreview } from "../../api-types.js";
import { BadRequestError, toApiError } from "../api-error.js";
import { safeName } from "../path-params.js";
import { runSummary, stepState, taskSummary } from "../summaries.js";
import { previewText } from "../value-text.js";

function runOf(flow: string | undefined, run: string | undefined): Promise<Run> {
  return Run.get(`${safeName(flow, "flow name")}/${safeName(run, "run id")}`);
}

function previews(values: Record<string, unknown>): ValuePreview[] {
  return Object.entries(values).map(([name, value]) => ({ name, type: typeName(value), ...previewText(value) }));
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  return (value as object).constructor?.name ?? "Object";
}

function graphOf(run: Run): GraphStep[] {
  return run.graph.order.map((name) => {
    const node = run.graph.steps[name];
    const t = node?.transition ?? { kind: "end" as const };
    const next = t.kind === "linear" || t.kind === "foreach" ? [t.to] : t.kind === "branch" ? [...t.to] : t.kind === "switch" ? [...new Set(Object.values(t.cases))] : [];
    return { name, kind: t.kind, next, join: node?.join ?? false, ...(t.kind === "foreach" ? { foreachOver: t.over } : {}), ...(node?.doc ? { doc: node.doc } : {}) };
  });
}

/** The tasks of a step; when one task's records cannot be read, the others still show and that one carries the error. */
async function stepTasks(run: Run, step: Step): Promise<TaskSummary[]> {
  try {
    return await Promise.all((await step.tasks()).map(taskSummary));
  } catch {
    const ids = await step.taskIds();
    return Promise.all(
      ids.map(async (id) => {
        const pathspec = `${run.pathspec}/${step.id}/${id}`;
        try {
          return await taskSummary(await Task.get(pathspec));
        } catch (e) {
          return { pathspec, stepName: step.id, taskId: id, status: "failed", attempts: [], error: toApiError(e) } satisfies TaskSummary;
        }
      }),
    );
  }
}

/** Registers the run routes. */
export function runRoutes(app: Hono): void {
  app.get("/api/runs/:flow/:run", async (c) => {
    const run = await runOf(c.req.param("flow"), c.req.param("run"));
    const [parameters, configs] = await Promise.all([run.parameters().then(previews, (e: unknown) => e), run.configs().then(previews)]);
    const failedParameters = !Array.isArray(parameters);
    return c.json<RunDetail>({
      run: runSummary(run),
      flowFile: run.flowFile,
      graph: graphOf(run),
      parameters: failedParameters ? [] : parameters,
      configs,
      ...(failedParameters ? { parametersError: toApiError(parameters) } : {}),
    });
  });

  app.get("/api/runs/:flow/:run/tasks", async (c) => {
    const run = await runOf(c.req.param("flow"), c.req.param("run"));
    const steps = await run.steps();
    const perStep = await Promise.all(steps.map((s) => stepTasks(run, s)));
    const byName = new Map(steps.map((s, i) => [s.id, perStep[i] ?? []]));
    return c.json<RunTasksResponse>({
      steps: run.graph.order.map((name) => stepState(name, byName.get(name) ?? [])),
      tasks: perStep.flat(),
    });
  });

  app.post("/api/runs/:flow/:run/tags", async (c) => {
    // A JSON body only: a cross-site form cannot send one without the browser asking first (CORS).
    if (!(c.req.header("content-type") ?? "").startsWith("application/json")) {
      throw new BadRequestError("Send the tag change as JSON (Content-Type: application/json): { \"add\": [...], \"remove\": [...] }.");
    }
    const body = (await c.req.json().catch(() => undefined)) as TagChangeRequest | undefined;
    const list = (v: unknown, what: string): string[] => {
      if (v === undefined) return [];
      if (!Array.isArray(v) || !v.every((t) => typeof t === "string")) throw new BadRequestError(`"${what}" must be an array of strings.`);
      return v as string[];
    };
    if (body === undefined || typeof body !== "object" || body === null) throw new BadRequestError("The body must be a JSON object: { \"add\": [...], \"remove\": [...] }.");
    const add = list(body.add, "add");
    const remove = list(body.remove, "remove");
    const run = await runOf(c.req.param("flow"), c.req.param("run"));
    if (remove.length > 0) await run.removeTags(remove);
    if (add.length > 0) await run.addTags(add);
    return c.json<TagsResponse>({ tags: run.tags });
  });
}
