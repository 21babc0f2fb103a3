/**
 * A task: `GET /api/tasks/:flow/:run/:step/:task` (attempts, artifacts with previews), its logs
 * (`.../logs/:stream`, tailed by offset), an artifact's value as a download (`.../artifacts/:name`)
 * and its cards (`.../cards`, `.../cards/:n`).
 * @module
 */
import type { Context, Hono } from "hono";
import { Task } from "../../../client/task.js";
import type { ArtifactPreview, LogResponse, TaskDetail } from "../../api-types.js";
import { BadRequestError, toApiError } from "../api-error.js";
import { cardsOf, cardSandboxPolicy } from "../cards.js";
import { intParam, safeName } from "../path-params.js";
import { taskSummary } from "../summaries.js";
import { downloadBody, previewText } from "../value-text.js";

/** Largest artifact (stored bytes) previewed inline; larger ones are listed with their size, for download. */
export const PREVIEW_MAX_BYTES = 8 * 1024 * 1024;

const PREFIX = "/api/tasks/:flow/:run/:step/:task";

function taskOf(c: Context): Promise<Task> {
  const p = ["flow name", "run id", "step name", "task id"].map((what, i) => safeName(c.req.param(["flow", "run", "step", "task"][i] as string), what));
  const attempt = c.req.query("attempt");
  return Task.get(p.join("/"), attempt === undefined || attempt === "" ? {} : { attempt: intParam(attempt, "attempt", 0) });
}

async function artifactPreviews(task: Task): Promise<ArtifactPreview[]> {
  return Promise.all(
    task.artifacts().map(async (a): Promise<ArtifactPreview> => {
      const base = { name: a.name, type: a.type, size: a.size, sha: a.sha };
      if (a.size > PREVIEW_MAX_BYTES) return { ...base, preview: "", truncated: true };
      try {
        return { ...base, ...previewText(await task.artifact(a.name)) };
      } catch (e) {
        return { ...base, preview: "", truncated: false, error: toApiError(e) };
      }
    }),
  );
}

/** Registers the task routes. */
export function taskRoutes(app: Hono): void {
  app.get(PREFIX, async (c) => {
    const task = await taskOf(c);
    const exception = task.exception;
    const detail: TaskDetail = {
      task: await taskSummary(task),
      attempt: task.attempt,
      foreachStack: task.foreachStack.map((f) => ({ step: f.step, index: f.index, count: f.count })),
      artifacts: (await artifactPreviews(task)).sort((a, b) => a.name.localeCompare(b.name)),
      ...(exception ? { exception: { name: exception.name, message: exception.message, ...(exception.stack ? { stack: exception.stack } : {}) } } : {}),
    };
    return c.json(detail);
  });

  app.get(`${PREFIX}/logs/:stream`, async (c) => {
    const stream = c.req.param("stream");
    if (stream !== "stdout" && stream !== "stderr") throw new BadRequestError(`Unknown log stream ${JSON.stringify(stream)}: expected stdout or stderr.`);
    const offset = intParam(c.req.query("offset"), "offset", 0);
    const task = await taskOf(c);
    const text = stream === "stdout" ? await task.stdout() : await task.stderr();
    const from = Math.min(offset, text.length);
    return c.json<LogResponse>({ text: text.slice(from), offset: text.length, complete: task.finished });
  });

  app.get(`${PREFIX}/artifacts/:name`, async (c) => {
    const name = safeName(c.req.param("name"), "artifact name");
    const task = await taskOf(c);
    const file = downloadBody(await task.artifact(name));
    c.header("Content-Type", file.contentType);
    c.header("Content-Disposition", `attachment; filename="${name}.${file.extension}"`);
    c.header("X-Content-Type-Options", "nosniff");
    return c.body(typeof file.body === "string" ? file.body : new Uint8Array(file.body));
  });

  app.get(`${PREFIX}/cards`, async (c) => c.json(await cardsOf(await taskOf(c))));

  app.get(`${PREFIX}/cards/:n`, async (c) => {
    const n = intParam(c.req.param("n"), "card number", 0);
    const { cards } = await cardsOf(await taskOf(c));
    const card = cards[n];
    if (card === undefined) return c.json({ error: { code: "NOT_FOUND", message: `The task has ${cards.length} card(s); there is no card ${n}.` } }, 404);
    c.header("Content-Security-Policy", cardSandboxPolicy);
    c.header("X-Content-Type-Options", "nosniff");
    return c.html(card.html);
  });
}
