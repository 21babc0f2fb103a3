/**
 * The metadata service's HTTP API (Hono): JSON in, JSON out, every route under `/api/v1`.
 * docs/metadata-service.md documents it. A malformed request gets a 400 with the reason and
 * stores nothing; an unknown run a 404; a database failure a 503 (clients retry those).
 * @module
 */
import { Hono, type Context } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import type { RunStore } from "./run-store.js";
import { MissingRecord } from "./run-store.js";
import { InvalidBody, checkId, checkName, parseAttemptEnd, parseAttemptNumber, parseAttemptStart, parseRunEnd, parseRunRecord, parseTagChange, type ServiceRunStatus } from "../wire.js";
import { MetaflowError } from "../../../../errors.js";

/** Options of {@link createServiceApp}. */
export interface ServiceAppOptions {
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  readonly authToken?: string;
  /** Reported by `GET /api/v1/ping`. */
  readonly version: string;
}

const STATUSES: readonly ServiceRunStatus[] = ["running", "succeeded", "failed", "dead"];

async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new InvalidBody("the body is not valid JSON.");
  }
}

/** The service's routes over `store`. */
export function createServiceApp(store: RunStore, options: ServiceAppOptions): Hono {
  const app = new Hono();
  if (options.authToken !== undefined && options.authToken !== "") app.use("/api/*", bearerAuth({ token: options.authToken }));

  const api = new Hono();
  api.get("/ping", (c) => c.json({ ok: true, service: "metaflow-ts metadata", version: options.version }));
  api.get("/flows", async (c) => c.json({ flows: await store.listFlows() }));
  api.post("/flows/:flow/run-ids", async (c) => c.json({ runId: await store.newRunId(checkName(c.req.param("flow"), "flow")) }, 201));
  api.get("/flows/:flow/runs", async (c) => {
    const flow = checkName(c.req.param("flow"), "flow");
    if (c.req.query("ids") === "all") return c.json({ runIds: await store.listRunIds(flow) });
    const limit = Number(c.req.query("limit") ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new InvalidBody(`limit must be a whole number from 1 to 1000; got ${c.req.query("limit")}.`);
    const status = c.req.query("status");
    if (status !== undefined && !STATUSES.includes(status as ServiceRunStatus)) throw new InvalidBody(`status must be one of ${STATUSES.join(", ")}; got ${status}.`);
    const before = c.req.query("before");
    if (before !== undefined && !/^\d{1,18}$/.test(before)) throw new InvalidBody(`before must be a run id (digits); got ${before}.`);
    const user = c.req.query("user");
    return c.json(
      await store.queryRuns(flow, {
        limit,
        tags: c.req.queries("tag") ?? [],
        ...(user === undefined ? {} : { user }),
        ...(status === undefined ? {} : { status: status as ServiceRunStatus }),
        ...(before === undefined ? {} : { before }),
      }),
    );
  });
  api.put("/flows/:flow/runs/:run", async (c) => {
    const flow = checkName(c.req.param("flow"), "flow");
    await store.registerRun(parseRunRecord(await jsonBody(c), flow, checkId(c.req.param("run"), "run id")));
    return c.body(null, 204);
  });
  api.get("/flows/:flow/runs/:run", async (c) => {
    const run = await store.getRun(checkName(c.req.param("flow"), "flow"), checkId(c.req.param("run"), "run id"));
    return run === undefined ? c.json({ error: `run ${c.req.param("flow")}/${c.req.param("run")} does not exist` }, 404) : c.json(run);
  });
  api.delete("/flows/:flow/runs/:run", async (c) => {
    await store.deleteRun(checkName(c.req.param("flow"), "flow"), checkId(c.req.param("run"), "run id"));
    return c.body(null, 204);
  });
  api.post("/flows/:flow/runs/:run/end", async (c) => {
    await store.finishRun(checkName(c.req.param("flow"), "flow"), checkId(c.req.param("run"), "run id"), parseRunEnd(await jsonBody(c)));
    return c.body(null, 204);
  });
  api.post("/flows/:flow/runs/:run/heartbeat", async (c) => {
    await store.heartbeat(checkName(c.req.param("flow"), "flow"), checkId(c.req.param("run"), "run id"));
    return c.body(null, 204);
  });
  api.post("/flows/:flow/runs/:run/tags", async (c) => {
    const tags = await store.updateTags(checkName(c.req.param("flow"), "flow"), checkId(c.req.param("run"), "run id"), parseTagChange(await jsonBody(c)));
    return c.json({ tags });
  });
  api.get("/flows/:flow/runs/:run/attempts", async (c) => c.json({ attempts: await store.listAttempts(checkName(c.req.param("flow"), "flow"), checkId(c.req.param("run"), "run id")) }));
  const attemptPath = "/flows/:flow/runs/:run/steps/:step/tasks/:task/attempts/:attempt";
  const attemptOf = (c: Context) =>
    [checkName(c.req.param("flow") ?? "", "flow"), checkId(c.req.param("run") ?? "", "run id"), checkName(c.req.param("step") ?? "", "step"), checkId(c.req.param("task") ?? "", "task id"), parseAttemptNumber(c.req.param("attempt") ?? "")] as const;
  api.put(attemptPath, async (c) => {
    const body = parseAttemptStart(await jsonBody(c));
    await store.startAttempt(...attemptOf(c), body.startedAt, body.info);
    return c.body(null, 204);
  });
  api.post(`${attemptPath}/heartbeat`, async (c) => {
    await store.heartbeatAttempt(...attemptOf(c));
    return c.body(null, 204);
  });
  api.post(`${attemptPath}/end`, async (c) => {
    const body = parseAttemptEnd(await jsonBody(c));
    await store.endAttempt(...attemptOf(c), body.status, body.endedAt);
    return c.body(null, 204);
  });

  app.route("/api/v1", api);
  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}; the API is documented in docs/metadata-service.md` }, 404));
  app.onError((err, c) => {
    if (err instanceof InvalidBody) return c.json({ error: err.message }, 400);
    if (err instanceof MetaflowError) return c.json({ error: err.message, code: err.code }, 400);
    if (err instanceof MissingRecord) return c.json({ error: err.message }, 404);
    if ("getResponse" in err && typeof err.getResponse === "function") return err.getResponse() as Response; // HTTPException (auth)
    return c.json({ error: `the service could not complete the request: ${err.message}` }, 503);
  });
  return app;
}
