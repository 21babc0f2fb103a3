/**
 * The first thing `metaflow-ts run FLOW ...` does: start the run's first task thread, before the
 * CLI loads its commands, the flow and the runtime, so that the thread's isolate boots on another
 * core meanwhile (see scheduler/thread-pool.ts `prestartThread`; the run's pool adopts the thread
 * when its environment is still the same).
 * @module
 */
import { applyProfile } from "../profile/profile.js";
import { prestartThread } from "../scheduler/thread-pool.js";
import { findFlowArgument } from "./flow-argument.js";

/**
 * Starts a task thread if `argv` (without `node` and the script) is a `run` of a flow file in
 * threads (not `--help`, not `METAFLOW_TS_ISOLATION=process`). The profile is applied to `env`
 * first, as the CLI does next, so that the thread gets the run's environment; a profile that
 * cannot be read starts nothing (the CLI then reports it). Returns whether a thread was started.
 */
export function prestartRunThread(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  if (argv[0] !== "run" || env.METAFLOW_TS_ISOLATION === "process" || argv.some((a) => a === "--help" || a === "-h")) return false;
  if (findFlowArgument(argv.slice(1)) === undefined) return false;
  try {
    applyProfile(env);
  } catch {
    return false;
  }
  prestartThread(env);
  return true;
}
