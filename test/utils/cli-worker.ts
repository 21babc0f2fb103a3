/**
 * The built CLI's commands run in a worker thread of the test process: the same `runCli` that
 * `dist/cli/bin.js` calls, on the same argv, its output lines collected as a spawned CLI's stdout
 * and stderr would be. For tests that read one finished run through many CLI commands (`card get`,
 * `logs`, `dump`, ...): one thread for all of them instead of a Node process per command. The
 * thread has its own modules and environment (a copy of this process's, as a child process
 * would get), so nothing is shared with the client the test uses in its own thread.
 * Commands run one at a time, in the order asked.
 * @module
 */
import { Worker } from "node:worker_threads";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { repoRoot, type CliResult } from "./cli.js";

/** A CLI living in a worker thread (see the module doc). */
export interface CliWorker {
  /** Runs `metaflow-ts ...args`; never rejects (a crash of the thread is `code: null`). */
  run(args: readonly string[]): Promise<CliResult>;
  /** Ends the thread (after the commands already asked). */
  close(): Promise<void>;
}

/** The thread: loads the built CLI once, runs each command it is sent, answers with its exit code and lines. */
const workerSource = `
const { parentPort, workerData } = require("node:worker_threads");
const cli = import(workerData.runCli);
let queue = Promise.resolve();
parentPort.on("message", (args) => {
  queue = queue.then(() => runOne(args));
});
async function runOne(args) {
  const out = [];
  const err = [];
  const io = { out: (line) => out.push(line + "\\n"), err: (line) => err.push(line + "\\n") };
  let code;
  try {
    code = await (await cli).runCli(args, io);
  } catch (e) {
    err.push("[cli-worker] runCli threw: " + (e && e.stack ? e.stack : String(e)) + "\\n");
    code = null;
  }
  parentPort.postMessage({ code, stdout: out.join(""), stderr: err.join("") });
}
`;

/**
 * Starts a CLI worker. Its environment is this process's, as {@link runCli} in cli.ts gives a
 * spawned CLI: `NO_COLOR=1`, and without `METAFLOW_DATASTORE_ROOT` (pass `--datastore-root`).
 * Commands that depend on the working directory need absolute paths (a thread has its process's).
 */
export function startCliWorker(env: Readonly<Record<string, string | undefined>> = {}): CliWorker {
  const workerEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...env })) if (v !== undefined) workerEnv[k] = v;
  if (!("METAFLOW_DATASTORE_ROOT" in env)) delete workerEnv["METAFLOW_DATASTORE_ROOT"];
  const runCliUrl = pathToFileURL(join(repoRoot, "dist", "cli", "run-cli.js")).href;
  const worker = new Worker(workerSource, { eval: true, env: workerEnv, execArgv: [], workerData: { runCli: runCliUrl } });
  // Keeps the test process alive only while a command is running.
  worker.unref();
  const waiting: Array<(r: { code: number | null; stdout: string; stderr: string }) => void> = [];
  let failure: string | undefined;
  const fail = (why: string): void => {
    failure ??= why;
    for (const w of waiting.splice(0)) w({ code: null, stdout: "", stderr: `[cli-worker] ${failure}\n` });
  };
  worker.on("message", (m: { code: number | null; stdout: string; stderr: string }) => {
    waiting.shift()?.(m);
    if (waiting.length === 0) worker.unref();
  });
  worker.on("error", (e) => fail(`the thread failed: ${e.stack ?? e.message}`));
  worker.on("exit", (code) => fail(`the thread exited (${code})`));
  return {
    run(args) {
      return new Promise<CliResult>((resolve) => {
        const answer = (m: { code: number | null; stdout: string; stderr: string }): void =>
          resolve({ code: m.code, stdout: m.stdout, stderr: m.stderr, output: `${m.stdout}\n${m.stderr}`, timedOut: false, cwd: process.cwd() });
        if (failure !== undefined) return answer({ code: null, stdout: "", stderr: `[cli-worker] ${failure}\n` });
        waiting.push(answer);
        worker.ref();
        worker.postMessage([...args]);
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
