/**
 * Process entry of a task: `node task/process-entry.js step <flow-file> <step> <task argv...>`.
 * @module
 */
import { TaskExit } from "../protocol/exit-codes.js";
import { flushAndExit, taskMain } from "./entry.js";
import { describeCrash } from "../errors.js";
import { takeStepStartSignal } from "./step-start-signal.js";

process.setSourceMapsEnabled(true);
takeStepStartSignal();
// A local scheduler keeps our stdin open; if it dies (even by SIGKILL), stdin ends: stop this task and
// everything it started rather than run on as an orphan. A remote task (a Slurm job, a pod) has no
// such stdin: its engine stops it when the run cancels it.
if (process.env.METAFLOW_TS_COMPUTE === undefined) {
  process.stdin.on("end", () => {
    try {
      process.kill(-process.pid, "SIGKILL");
    } catch {
      process.exit(1);
    }
  });
  process.stdin.resume();
  process.stdin.unref();
}
const args = process.argv.slice(2);
taskMain(args[0] === "step" ? args.slice(1) : args).then(
  (code) => flushAndExit(code),
  (e: unknown) => {
    process.stderr.write(`metaflow-ts task crashed: ${describeCrash(e)}\n`);
    flushAndExit(TaskExit.DisallowRetry);
  },
);
