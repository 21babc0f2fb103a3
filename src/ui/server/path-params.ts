/**
 * Validation of the names a URL carries (flow, run, step, task, artifact): they become storage
 * keys, so a name that could leave its folder (`..`, `/`) or is not a name at all is refused.
 * @module
 */
import { BadRequestError } from "./api-error.js";

const SAFE_NAME = /^(?!\.{1,2}$)[\w.:@+-]{1,200}$/;

/** `value` when it is a safe name, else a 400 error naming `what`. */
export function safeName(value: string | undefined, what: string): string {
  if (value === undefined || !SAFE_NAME.test(value)) {
    throw new BadRequestError(`Invalid ${what} ${JSON.stringify(value ?? "")}: expected letters, digits and _ . : @ + - only.`);
  }
  return value;
}

/** A non-negative integer query parameter, or `fallback` when absent. */
export function intParam(value: string | undefined, what: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined || value === "") return fallback;
  if (!/^\d{1,15}$/.test(value) || Number(value) > max) throw new BadRequestError(`Invalid ${what} ${JSON.stringify(value)}: expected a whole number from 0 to ${max}.`);
  return Number(value);
}
