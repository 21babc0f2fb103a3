/**
 * The configs of the run a resume starts from: a resumed run keeps them as they were, so its
 * decorators and reused tasks agree with the origin run.
 * @module
 */
import { openDatastore } from "../datastore/open-datastore.js";

/** Config values of the origin run of a resume (`originRunId`, else the flow's latest run); undefined when there is none. */
export async function originConfigs(datastoreRoot: string, flowName: string, originRunId: string | undefined): Promise<{ runId: string; values: Readonly<Record<string, unknown>> } | undefined> {
  const { metadata } = openDatastore(datastoreRoot);
  const runId = originRunId ?? (await metadata.listRuns(flowName))[0];
  if (runId === undefined) return undefined;
  const record = await metadata.getRun(flowName, runId);
  return record === undefined ? undefined : { runId, values: record.configs ?? {} };
}
