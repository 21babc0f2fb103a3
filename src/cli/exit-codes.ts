/**
 * Maps errors to the CLI's exit codes.
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import { CliExit } from "../protocol/exit-codes.js";

export { CliExit };

/** The exit code for an error that stopped a command. */
export function exitCodeFor(error: unknown): number {
  if (!(error instanceof MetaflowError)) return CliExit.Internal;
  switch (error.code) {
    case ErrorCode.UsageError:
    case ErrorCode.ParameterError:
    case ErrorCode.FlowFileNotFound:
    case ErrorCode.InvalidPathspec:
    case ErrorCode.PluginError:
      return CliExit.Usage;
    case ErrorCode.Internal:
      return CliExit.Internal;
    default:
      return CliExit.Failed;
  }
}
