/**
 * `GET /api/flows` and `GET /api/flows/:flow/runs` (paged, filtered).
 * @module
 */
import type { Hono } from "hono";
import { Flow } from "../../../client/flow.js";
import type { RunStatus } from "../../../client/run.js";
import type { FlowsResponse, FlowSummary, RunsResponse } from "../../api-types.js";
import { BadRequestError, toApiError } from "../api-error.js";
import { intParam, safeName } from "../path-params.js";
import { runSummary } from "../summaries.js";

const STATUSES: readonly RunStatus[] = ["running", "succeeded", "failed", "dead"];

/** Largest page the API returns. */
export const MAX_PAGE = 500;

/** Registers the flow routes. */
export function flowRoutes(app: Hono): void {
  app.get("/api/flows", async (c) => {
    const flows = await Flow.list();
    const summaries = await Promise.all(
      flows.map(async (flow): Promise<FlowSummary> => {
        try {
          const { runs } = await flow.listRuns({ limit: 1 });
          return { name: flow.name, ...(runs[0] ? { latestRun: runSummary(runs[0]) } : {}) };
        } catch (e) {
          return { name: flow.name, error: toApiError(e) };
        }
      }),
    );
    return c.json<FlowsResponse>({ flows: summaries });
  });

  app.get("/api/flows/:flow/runs", async (c) => {
    const name = safeName(c.req.param("flow"), "flow name");
    const status = c.req.query("status") || undefined;
    if (status !== undefined && !STATUSES.includes(status as RunStatus)) {
      throw new BadRequestError(`Invalid status ${JSON.stringify(status)}: expected one of ${STATUSES.join(", ")}.`);
    }
    const tags = (c.req.queries("tag") ?? []).filter((t) => t !== "");
    const user = c.req.query("user") || undefined;
    const cursor = c.req.query("cursor") || undefined;
    if (cursor !== undefined && cursor.length > 500) throw new BadRequestError("Invalid cursor: pass the nextCursor of the previous page.");
    const limit = intParam(c.req.query("limit"), "limit", 50, MAX_PAGE);
    const flow = await Flow.get(name);
    const page = await flow.listRuns({
      ...(status ? { status: status as RunStatus } : {}),
      tags,
      ...(user ? { user } : {}),
      ...(cursor ? { cursor } : {}),
      limit: Math.max(1, limit),
    });
    return c.json<RunsResponse>({ runs: page.runs.map(runSummary), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) });
  });
}
