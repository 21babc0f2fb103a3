/**
 * The metadata service's JSON wire format, shared by the server and its client provider, with
 * the checks the server applies to request bodies (a malformed body is refused with a reason,
 * and nothing is stored). Pure.
 * @module
 */
import type { RunEndRecord, RunRecord } from "../../../metadata/types.js";

/** A run's status as the service reports it: `dead` is a run whose heartbeats stopped before it ended. */
export type ServiceRunStatus = "running" | "succeeded" | "failed" | "dead";

/** A run as the service returns it. */
export interface WireRun {
  readonly record: RunRecord;
  readonly end?: RunEndRecord;
  readonly status: ServiceRunStatus;
  /** ISO time of the last heartbeat of the run's scheduler. */
  readonly heartbeatAt: string;
}

/** One page of runs, newest first; `next` is the cursor of the following page. */
export interface WireRunPage {
  readonly runs: readonly WireRun[];
  readonly next?: string;
}

/** An attempt of a task as registered by the scheduler. */
export interface WireAttempt {
  readonly step: string;
  readonly taskId: string;
  readonly attempt: number;
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly heartbeatAt: string;
  readonly status: "running" | "succeeded" | "failed" | "dead";
  readonly info: Readonly<Record<string, unknown>>;
}

/** A request body that does not have the expected shape. */
export class InvalidBody extends Error {}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,199}$/;
const ID = /^[A-Za-z0-9_.:-]{1,200}$/;

/** Throws {@link InvalidBody} unless `value` is a usable flow or step name. */
export function checkName(value: string, what: string): string {
  if (!NAME.test(value)) throw new InvalidBody(`${what} ${JSON.stringify(value)} is not a valid name (letters, digits, _ . -; starting with a letter or _).`);
  return value;
}

/** Throws {@link InvalidBody} unless `value` is a usable run or task id. */
export function checkId(value: string, what: string): string {
  if (!ID.test(value)) throw new InvalidBody(`${what} ${JSON.stringify(value)} is not a valid id.`);
  return value;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function field<T>(body: Record<string, unknown>, key: string, is: (v: unknown) => v is T, expected: string, optional = false): T | undefined {
  const v = body[key];
  if (v === undefined && optional) return undefined;
  if (!is(v)) throw new InvalidBody(`"${key}" must be ${expected}; got ${v === undefined ? "nothing" : JSON.stringify(v).slice(0, 80)}.`);
  return v;
}

const isString = (v: unknown): v is string => typeof v === "string";
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isTime = (v: unknown): v is string => typeof v === "string" && !Number.isNaN(Date.parse(v));
const isNonNegativeInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/** The RunRecord in a registration body, checked against the flow and run of the URL. */
export function parseRunRecord(body: unknown, flowName: string, runId: string): RunRecord {
  if (!isObject(body)) throw new InvalidBody("the body must be a JSON object (a run record).");
  if (body.flowName !== flowName || body.runId !== runId) throw new InvalidBody(`flowName/runId of the body (${String(body.flowName)}/${String(body.runId)}) differ from the URL (${flowName}/${runId}).`);
  if (!/^\d{1,18}$/.test(runId)) throw new InvalidBody(`run id ${JSON.stringify(runId)} must be digits (ids come from POST /flows/{flow}/run-ids).`);
  field(body, "createdAt", isTime, "an ISO date-time");
  field(body, "user", isString, "a string");
  field(body, "tags", isStringArray, "an array of strings");
  field(body, "systemTags", isStringArray, "an array of strings");
  field(body, "codePackage", isString, "a string");
  field(body, "flowFile", isString, "a string");
  field(body, "graph", isObject, "an object (the flow graph)");
  field(body, "stepDecorators", isObject, "an object");
  return body as unknown as RunRecord;
}

/** The RunEndRecord in a body. */
export function parseRunEnd(body: unknown): RunEndRecord {
  if (!isObject(body)) throw new InvalidBody("the body must be a JSON object (a run end record).");
  if (body.status !== "succeeded" && body.status !== "failed") throw new InvalidBody(`"status" must be "succeeded" or "failed"; got ${JSON.stringify(body.status)}.`);
  field(body, "finishedAt", isTime, "an ISO date-time");
  field(body, "failedTask", isString, "a string", true);
  field(body, "reason", isString, "a string", true);
  return body as unknown as RunEndRecord;
}

/** A tag change body: `{ add?: string[], remove?: string[] }`. */
export function parseTagChange(body: unknown): { add: string[]; remove: string[] } {
  if (!isObject(body)) throw new InvalidBody('the body must be a JSON object: { "add"?: [...], "remove"?: [...] }.');
  return { add: field(body, "add", isStringArray, "an array of strings", true) ?? [], remove: field(body, "remove", isStringArray, "an array of strings", true) ?? [] };
}

/** An attempt start body: `{ startedAt, info? }`. */
export function parseAttemptStart(body: unknown): { startedAt: string; info: Record<string, unknown> } {
  if (!isObject(body)) throw new InvalidBody('the body must be a JSON object: { "startedAt": ISO time, "info"?: {...} }.');
  const startedAt = field(body, "startedAt", isTime, "an ISO date-time") as string;
  return { startedAt, info: field(body, "info", isObject, "an object", true) ?? {} };
}

/** An attempt end body: `{ status: "succeeded" | "failed", endedAt }`. */
export function parseAttemptEnd(body: unknown): { status: "succeeded" | "failed"; endedAt: string } {
  if (!isObject(body)) throw new InvalidBody('the body must be a JSON object: { "status": "succeeded" | "failed", "endedAt": ISO time }.');
  if (body.status !== "succeeded" && body.status !== "failed") throw new InvalidBody(`"status" must be "succeeded" or "failed"; got ${JSON.stringify(body.status)}.`);
  return { status: body.status, endedAt: field(body, "endedAt", isTime, "an ISO date-time") as string };
}

/** Checks an attempt number from a URL. */
export function parseAttemptNumber(value: string): number {
  const n = Number(value);
  if (!isNonNegativeInt(n) || !/^\d+$/.test(value)) throw new InvalidBody(`attempt ${JSON.stringify(value)} must be a whole number ≥ 0.`);
  return n;
}
