/**
 * `--with NAME[:key=value,...]`: decorators attached to every step from the command line,
 * merged with the ones written in the source, and the retry policy they imply.
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import type { AppliedDecorator } from "../flow/metadata-keys.js";
import type { StepPolicy } from "./runtime.js";

/** Metaflow's limit on user retries. */
export const maxRetries = 4;

/** Parses `retry:times=2,minutesBetweenRetries=0` into a decorator. */
export function parseDecoratorSpec(spec: string): AppliedDecorator {
  const [name, rest] = splitOnce(spec, ":");
  if (!/^[A-Za-z_][\w]*$/.test(name)) {
    throw new MetaflowError(ErrorCode.UsageError, `--with ${spec}: expected NAME or NAME:key=value,... (e.g. --with retry:times=2).`);
  }
  const attributes: Record<string, unknown> = {};
  for (const pair of rest === undefined || rest === "" ? [] : rest.split(",")) {
    const [k, v] = splitOnce(pair, "=");
    if (v === undefined || k === "") throw new MetaflowError(ErrorCode.UsageError, `--with ${spec}: '${pair}' is not key=value.`);
    attributes[k] = v === "true" ? true : v === "false" ? false : v !== "" && Number.isFinite(Number(v)) ? Number(v) : v;
  }
  return { name, attributes };
}

/**
 * Checks `--with` decorators against the step decorators this process knows (the built-ins and
 * those the flow created): an unknown name or attribute is refused, listing what exists.
 */
export function checkDecoratorSpecs(specs: readonly AppliedDecorator[], known: ReadonlyMap<string, readonly string[] | undefined>): void {
  for (const spec of specs) {
    if (!known.has(spec.name)) {
      throw new MetaflowError(ErrorCode.UsageError, `--with ${spec.name}: there is no step decorator named '${spec.name}'. Known step decorators: ${[...known.keys()].sort().join(", ")}.`);
    }
    const attributes = known.get(spec.name);
    if (attributes === undefined) continue;
    for (const key of Object.keys(spec.attributes)) {
      if (!attributes.includes(key)) {
        throw new MetaflowError(ErrorCode.UsageError, `--with ${spec.name}:${key}=...: @${spec.name} has no attribute '${key}'. Its attributes: ${attributes.join(", ")}.`);
      }
    }
  }
}

/** The decorators of each step: those in the source, plus `--with` ones for steps that lack them. */
export function mergeStepDecorators(steps: readonly string[], fromSource: ReadonlyMap<string, readonly AppliedDecorator[]>, withSpecs: readonly AppliedDecorator[]): Map<string, AppliedDecorator[]> {
  const out = new Map<string, AppliedDecorator[]>();
  for (const step of steps) {
    const own = [...(fromSource.get(step) ?? [])];
    for (const w of withSpecs) if (!own.some((d) => d.name === w.name)) own.push(w);
    out.set(step, own);
  }
  return out;
}

/**
 * How the local scheduler treats a step's tasks: retries (from `@retry`) and time limit (from
 * `@timeout`). As in Metaflow's local runtime, a failed attempt is retried at once:
 * `minutesBetweenRetries` (checked here, kept in the run record) is for remote and deployed runs.
 */
export function stepPolicyOf(step: string, decorators: readonly AppliedDecorator[]): StepPolicy {
  const timeoutMs = timeoutMsOf(decorators);
  const { retries } = retryPolicyOf(step, decorators);
  const catchesFailures = decorators.some((d) => d.name === "catchError");
  return { retries, delayMs: 0, ...(timeoutMs === undefined ? {} : { timeoutMs }), ...(catchesFailures ? { catchesFailures } : {}) };
}

/** The time limit of `@timeout({ seconds, minutes, hours })` in ms (their sum), if any. */
export function timeoutMsOf(decorators: readonly AppliedDecorator[]): number | undefined {
  const t = decorators.find((d) => d.name === "timeout");
  if (t === undefined) return undefined;
  const n = (k: string): number => (typeof t.attributes[k] === "number" ? (t.attributes[k] as number) : 0);
  const ms = (n("seconds") + n("minutes") * 60 + n("hours") * 3600) * 1000;
  return ms > 0 ? ms : undefined;
}

/** The retry policy of a step from its `retry` decorator (Metaflow defaults: 3 retries, 2 minutes apart). */
export function retryPolicyOf(step: string, decorators: readonly AppliedDecorator[]): { retries: number; delayMs: number } {
  const retry = decorators.find((d) => d.name === "retry");
  if (retry === undefined) return { retries: 0, delayMs: 0 };
  const times = retry.attributes.times ?? 3;
  const minutes = retry.attributes.minutesBetweenRetries ?? 2;
  if (typeof times !== "number" || !Number.isInteger(times) || times < 0) {
    throw new MetaflowError(ErrorCode.UsageError, `@retry on step ${step}: times must be a whole number ≥ 0; got ${JSON.stringify(times)}.`);
  }
  if (times > maxRetries) {
    throw new MetaflowError(ErrorCode.UsageError, `@retry on step ${step}: times=${times} is more than the maximum of ${maxRetries} retries. Use at most ${maxRetries}.`);
  }
  if (typeof minutes !== "number" || !Number.isFinite(minutes) || minutes < 0) {
    throw new MetaflowError(ErrorCode.UsageError, `@retry on step ${step}: minutesBetweenRetries must be a number ≥ 0; got ${JSON.stringify(minutes)}.`);
  }
  if (minutes * 60_000 > 2 ** 31 - 1) {
    throw new MetaflowError(ErrorCode.UsageError, `@retry on step ${step}: minutesBetweenRetries=${minutes} is too long (at most ${Math.floor((2 ** 31 - 1) / 60_000)} minutes).`);
  }
  return { retries: times, delayMs: minutes * 60_000 };
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}
