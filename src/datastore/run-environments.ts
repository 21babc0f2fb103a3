/**
 * The record of a run's per-step environments, `<Flow>/<run>/_environment.json` (written once,
 * before the run's first task; absent when no step declares an environment).
 * @module
 */
import type { RunEnvironments } from "../protocol/environment.js";
import type { StorageBackend } from "./storage.js";

function key(flowName: string, runId: string): string {
  return `${flowName}/${runId}/_environment.json`;
}

/** Records the environments of a run. */
export async function writeRunEnvironments(storage: StorageBackend, flowName: string, runId: string, envs: RunEnvironments): Promise<void> {
  await storage.write(key(flowName, runId), JSON.stringify(envs, null, 1));
}

/** The environments recorded with a run; undefined when it has none. */
export async function readRunEnvironments(storage: StorageBackend, flowName: string, runId: string): Promise<RunEnvironments | undefined> {
  const bytes = await storage.read(key(flowName, runId));
  return bytes === undefined ? undefined : (JSON.parse(Buffer.from(bytes).toString("utf8")) as RunEnvironments);
}
