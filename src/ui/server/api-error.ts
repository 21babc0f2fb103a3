/**
 * Errors as the API reports them: a typed MetaflowError keeps its code and message; anything
 * else is reported by name and message (never a stack trace) with status 500.
 * @module
 */
import { ErrorCode, MetaflowError } from "../../errors.js";
import type { ApiError } from "../api-types.js";

/** A request the API refuses (bad parameters, bad body): status 400. */
export class BadRequestError extends MetaflowError {
  override readonly name = "BadRequestError";
  constructor(message: string) {
    super(ErrorCode.UsageError, message);
  }
}

/** The error as JSON. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof BadRequestError) return { code: "BAD_REQUEST", message: e.message };
  if (e instanceof MetaflowError) return { code: e.code, message: e.message };
  const err = e instanceof Error ? e : new Error(String(e));
  return { code: err instanceof SyntaxError ? ErrorCode.DataCorruption : "INTERNAL", message: `${err.name}: ${err.message}` };
}

/** The HTTP status of an error. */
export function statusOf(e: unknown): 400 | 404 | 500 {
  if (e instanceof BadRequestError) return 400;
  if (e instanceof MetaflowError) {
    switch (e.code) {
      case ErrorCode.NotFound:
      case ErrorCode.NamespaceMismatch:
        return 404;
      case ErrorCode.InvalidPathspec:
      case ErrorCode.UsageError:
        return 400;
      default:
        return 500;
    }
  }
  return 500;
}
