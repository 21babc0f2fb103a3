/**
 * `--with NAME[:key=value,...]`: decorators attached to every step from the command line,
 * merged with the ones written in the source, and the retry policy they imply.
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import type { AppliedDecorator } from "../flow/metadata-keys.js";
import type { RetryPolicy } from "./runtime.js";

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

/** The retry policy of a step from its `retry` decorator (Metaflow defaults: 3 retries, 2 minutes apart). */
export function retryPolicyOf(step: string, decorators: readonly AppliedDecorator[]): RetryPolicy {
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
  if (typeof minutes !== "number" || minutes < 0) {
    throw new MetaflowError(ErrorCode.UsageError, `@retry on step ${step}: minutesBetweenRetries must be a number ≥ 0; got ${JSON.stringify(minutes)}.`);
  }
  return { retries: times, delayMs: minutes * 60_000 };
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}
