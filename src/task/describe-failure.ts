/**
 * How a task shows an error: the error and the stack frames of the user's code (the runtime's
 * own frames say nothing about the user's mistake).
 * @module
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MetaflowError } from "../errors.js";

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The text shown for a failed task: the error and the stack frames of the user's code. */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return `Uncaught value thrown: ${String(error)}`;
  const lines = (error.stack ?? "").split("\n");
  const frames = lines.filter((l) => l.startsWith("    at "));
  // The runtime's own frames say nothing about the user's mistake; keep theirs.
  const userFrames = frames.filter((l) => !l.includes("node:") && !l.includes(packageRoot));
  if (error instanceof MetaflowError) {
    const where = error.source ? ` (${error.source.file}:${error.source.line})` : "";
    return [`${error.headline}${where}: ${error.message}`, ...userFrames].join("\n");
  }
  const head = lines.filter((l) => !l.startsWith("    at ")).join("\n") || `${error.name}: ${error.message}`;
  return [head, ...(userFrames.length > 0 ? userFrames : frames)].join("\n");
}

