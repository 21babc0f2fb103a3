/**
 * Process entry of a task: `node task/process-entry.js step <flow-file> <step> <task argv...>`.
 * @module
 */
import { TaskExit } from "../protocol/exit-codes.js";
import { flushAndExit, taskMain } from "./entry.js";

process.setSourceMapsEnabled(true);
const args = process.argv.slice(2);
taskMain(args[0] === "step" ? args.slice(1) : args).then(
  (code) => flushAndExit(code),
  (e: unknown) => {
    process.stderr.write(`metaflow-ts task crashed: ${(e as Error)?.stack ?? String(e)}\n`);
    flushAndExit(TaskExit.DisallowRetry);
  },
);
