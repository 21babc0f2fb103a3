/**
 * The single source of error codes. Every error a user can cause is a {@link MetaflowError}
 * with a stable `code`, a short `headline`, a message that says what to change and, when the
 * user's code is at fault, the `source` location.
 * @module
 */
import path from "node:path";

/** A location in a user's source file (1-based line and column). */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column?: number;
}

/** Stable error codes; match on these rather than on messages or classes. */
export const ErrorCode = {
  FlowFileNotFound: "FLOW_FILE_NOT_FOUND",
  FlowClassNotFound: "FLOW_CLASS_NOT_FOUND",
  FlowSyntax: "FLOW_SYNTAX",
  FlowLoad: "FLOW_LOAD",
  LintFailed: "LINT_FAILED",
  InvalidTransition: "INVALID_TRANSITION",
  UsageError: "USAGE_ERROR",
  ParameterError: "PARAMETER_ERROR",
  ConfigError: "CONFIG_ERROR",
  ArtifactSerialization: "ARTIFACT_SERIALIZATION",
  ArtifactReadOnly: "ARTIFACT_READ_ONLY",
  MergeConflict: "MERGE_CONFLICT",
  ForeachError: "FOREACH_ERROR",
  SwitchError: "SWITCH_ERROR",
  TooManySplits: "TOO_MANY_SPLITS",
  DataCorruption: "DATA_CORRUPTION",
  NotFound: "NOT_FOUND",
  NamespaceMismatch: "NAMESPACE_MISMATCH",
  InvalidPathspec: "INVALID_PATHSPEC",
  TaskFailed: "TASK_FAILED",
  Storage: "STORAGE",
  MetadataService: "METADATA_SERVICE",
  Compute: "COMPUTE",
  Deploy: "DEPLOY_ERROR",
  EnvironmentError: "ENVIRONMENT_ERROR",
  PluginError: "PLUGIN_ERROR",
  Internal: "INTERNAL",
} as const;
/** One of {@link ErrorCode}'s values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Options accepted by {@link MetaflowError}. */
export interface MetaflowErrorOptions {
  readonly headline?: string;
  readonly source?: SourceLocation;
  readonly cause?: unknown;
}

/** Marks the errors of every copy of {@link MetaflowError}. */
const metaflowErrorBrand = Symbol.for("metaflow-ts.MetaflowError");

/**
 * Base class of every error metaflow-ts raises on purpose.
 *
 * @example
 * ```ts
 * try { await Run.get("HelloFlow/123"); }
 * catch (e) { if (e instanceof MetaflowError && e.code === "NOT_FOUND") ... }
 * ```
 */
export class MetaflowError extends Error {
  /**
   * `e instanceof MetaflowError` holds for an error made by any copy of metaflow-ts (a plugin
   * package imports `metaflow-ts/plugin` from dist/ while the CLI runs its bundle): the class is
   * recognised by a brand shared through `Symbol.for`. Subclasses keep the usual prototype check.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== MetaflowError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[metaflowErrorBrand] === true;
  }
  override readonly name: string = "MetaflowError";
  /** Stable machine-readable code. */
  readonly code: ErrorCode;
  /** A short human title, e.g. "Invalid flow graph". */
  readonly headline: string;
  /** Where in the user's code the problem is, when known. */
  readonly source: SourceLocation | undefined;

  constructor(code: ErrorCode, message: string, options: MetaflowErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.headline = options.headline ?? defaultHeadline(code);
    this.source = options.source;
    Object.defineProperty(this, metaflowErrorBrand, { value: true });
  }
}

/** Raised when an object (flow, run, step, task, artifact) does not exist. */
export class NotFoundError extends MetaflowError {
  override readonly name = "NotFoundError";
  constructor(message: string, options: MetaflowErrorOptions = {}) {
    super(ErrorCode.NotFound, message, options);
  }
}

/** Raised for a bug in metaflow-ts itself, never for a user mistake. */
export class InternalError extends MetaflowError {
  override readonly name = "InternalError";
  constructor(message: string, options: MetaflowErrorOptions = {}) {
    super(ErrorCode.Internal, `${message} (this is a bug in metaflow-ts; please report it)`, options);
  }
}

function defaultHeadline(code: ErrorCode): string {
  switch (code) {
    case ErrorCode.FlowFileNotFound:
      return "Flow file not found";
    case ErrorCode.FlowClassNotFound:
      return "No flow class";
    case ErrorCode.FlowSyntax:
      return "Syntax error in flow";
    case ErrorCode.FlowLoad:
      return "Cannot load flow";
    case ErrorCode.LintFailed:
      return "Invalid flow graph";
    case ErrorCode.InvalidTransition:
      return "Invalid self.next() transition";
    case ErrorCode.UsageError:
      return "Invalid usage";
    case ErrorCode.ParameterError:
      return "Invalid parameter";
    case ErrorCode.ConfigError:
      return "Invalid config";
    case ErrorCode.ArtifactSerialization:
      return "Cannot store artifact";
    case ErrorCode.ArtifactReadOnly:
      return "Read-only value";
    case ErrorCode.MergeConflict:
      return "Unresolved artifact conflict";
    case ErrorCode.ForeachError:
      return "Invalid foreach";
    case ErrorCode.SwitchError:
      return "Invalid switch";
    case ErrorCode.TooManySplits:
      return "Too many splits";
    case ErrorCode.DataCorruption:
      return "Corrupted data";
    case ErrorCode.NotFound:
      return "Object not found";
    case ErrorCode.NamespaceMismatch:
      return "Object not in namespace";
    case ErrorCode.InvalidPathspec:
      return "Invalid pathspec";
    case ErrorCode.TaskFailed:
      return "Task failed";
    case ErrorCode.Storage:
      return "Storage error";
    case ErrorCode.MetadataService:
      return "Metadata service error";
    case ErrorCode.Compute:
      return "Cannot run on the compute backend";
    case ErrorCode.Deploy:
      return "Cannot deploy";
    case ErrorCode.EnvironmentError:
      return "Cannot set up the step environment";
    case ErrorCode.PluginError:
      return "Cannot load plugin";
    case ErrorCode.Internal:
      return "Internal error";
    default: {
      const never: never = code;
      return String(never);
    }
  }
}

/** A path as shown to the user: relative to the working directory when inside it, else absolute. */
export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return rel === "" || rel.startsWith("..") || path.isAbsolute(rel) ? abs : rel;
}

/** Formats `file:line` (or `file:line:col`) for a source location. */
export function formatLocation(loc: SourceLocation): string {
  return loc.column === undefined ? `${loc.file}:${loc.line}` : `${loc.file}:${loc.line}:${loc.column}`;
}

/**
 * What a task prints when it stops on an error outside the user's step (e.g. its storage is
 * unreachable): a {@link MetaflowError} by its headline and message (what to fix, no stack
 * trace), anything else (a bug) with its stack.
 */
export function describeCrash(e: unknown): string {
  if (e instanceof Error && typeof (e as MetaflowError).headline === "string" && typeof (e as MetaflowError).code === "string" && (e as MetaflowError).code !== ErrorCode.Internal) {
    return `${(e as MetaflowError).headline}: ${e.message}`;
  }
  return (e as Error)?.stack ?? String(e);
}
