/**
 * Typed calls of the UI server's JSON API (docs/ui-api.md).
 * @module
 */
import type { ApiError, CardsResponse, FlowsResponse, LogResponse, RunDetail, RunsResponse, RunTasksResponse, TagChangeRequest, TagsResponse, TaskDetail } from "../api-types.js";

/** An error the API answered with. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly error: ApiError,
  ) {
    super(error.message);
  }
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiRequestError(0, { code: "UNREACHABLE", message: "The UI server does not answer. Is `metaflow-ts ui` still running?" });
  }
  const body = (await res.json().catch(() => undefined)) as { error?: ApiError } | undefined;
  if (!res.ok) throw new ApiRequestError(res.status, body?.error ?? { code: `HTTP_${res.status}`, message: `${res.status} ${res.statusText}` });
  return body as T;
}

const enc = encodeURIComponent;
const taskPath = (pathspec: string): string => `/api/tasks/${pathspec.split("/").map(enc).join("/")}`;

/** Filters of a runs page. */
export interface RunQuery {
  readonly status?: string;
  readonly tag?: string;
  readonly user?: string;
  readonly cursor?: string;
  readonly limit?: number;
}

/** The API. */
export const api = {
  flows: (): Promise<FlowsResponse> => request("/api/flows"),
  runs: (flow: string, q: RunQuery): Promise<RunsResponse> => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== "") params.set(k, String(v));
    return request(`/api/flows/${enc(flow)}/runs?${params.toString()}`);
  },
  run: (flow: string, run: string): Promise<RunDetail> => request(`/api/runs/${enc(flow)}/${enc(run)}`),
  runTasks: (flow: string, run: string): Promise<RunTasksResponse> => request(`/api/runs/${enc(flow)}/${enc(run)}/tasks`),
  changeTags: (flow: string, run: string, change: TagChangeRequest): Promise<TagsResponse> =>
    request(`/api/runs/${enc(flow)}/${enc(run)}/tags`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(change) }),
  task: (pathspec: string, attempt?: number): Promise<TaskDetail> => request(`${taskPath(pathspec)}${attempt === undefined ? "" : `?attempt=${attempt}`}`),
  log: (pathspec: string, stream: "stdout" | "stderr", attempt: number, offset: number): Promise<LogResponse> =>
    request(`${taskPath(pathspec)}/logs/${stream}?attempt=${attempt}&offset=${offset}`),
  cards: (pathspec: string, attempt: number): Promise<CardsResponse> => request(`${taskPath(pathspec)}/cards?attempt=${attempt}`),
  /** URL of an artifact's download. */
  artifactUrl: (pathspec: string, name: string, attempt: number): string => `${taskPath(pathspec)}/artifacts/${enc(name)}?attempt=${attempt}`,
  /** URL of a card's page (for a sandboxed iframe). */
  cardUrl: (pathspec: string, n: number, attempt: number): string => `${taskPath(pathspec)}/cards/${n}?attempt=${attempt}`,
};
