/**
 * Process entry of a task: `node task/entry.js step <flow-file> <step> <task argv...>` (also reached
 * through `metaflow-ts step ...`). Decodes the TaskSpec, runs the task, prints a failure
 * for the scheduler to stream, and exits with a TaskExit code.
 *
 * This file is the composition root of the task process: it hands the public API to the
 * flow's code package.
 * @module
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as api from "../public/index.js";
import { MetaflowError } from "../errors.js";
import { importFlowClass } from "../loader/import-code-package.js";
import { TaskExit } from "../protocol/exit-codes.js";
import { decodeTaskSpec } from "../protocol/task-spec.js";
import { runTask } from "./run-task.js";

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Runs a task from argv (`[flowFile, step, ...taskArgv]`) and resolves to the process exit code. */
export async function taskMain(argv: readonly string[]): Promise<number> {
  const [, step, ...rest] = argv;
  if (step === undefined) throw new Error("usage: metaflow-ts step <flow-file> <step> --run-id ... (internal command)");
  const spec = decodeTaskSpec(step, rest);
  const outcome = await runTask(spec, (modulePath, flowFile) => importFlowClass(modulePath, api, flowFile));
  if (outcome.status === "ok") return TaskExit.Ok;
  process.stderr.write(`${describeFailure(outcome.error)}\n`);
  return TaskExit.Failed;
}

/** The text shown for a failed task: the user's stack, or a MetaflowError's message. */
function describeFailure(error: unknown): string {
  if (error instanceof MetaflowError) {
    const where = error.source ? ` (${error.source.file}:${error.source.line})` : "";
    // Keep only the frames of the user's code: where their step made the mistake.
    const userFrames = (error.stack ?? "")
      .split("\n")
      .filter((l) => l.startsWith("    at ") && !l.includes("node:") && !l.includes(packageRoot));
    return [`${error.headline}${where}: ${error.message}`, ...userFrames].join("\n");
  }
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return `Uncaught value thrown: ${String(error)}`;
}

const isEntry = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/"));
if (isEntry) {
  process.setSourceMapsEnabled(true);
  const args = process.argv.slice(2);
  taskMain(args[0] === "step" ? args.slice(1) : args).then(
    (code) => flushAndExit(code),
    (e: unknown) => {
      process.stderr.write(`metaflow-ts task crashed: ${(e as Error)?.stack ?? String(e)}\n`);
      flushAndExit(TaskExit.DisallowRetry);
    },
  );
}

function flushAndExit(code: number): void {
  // Exit even if user code left timers or sockets open; wait for stdio to drain first.
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}
