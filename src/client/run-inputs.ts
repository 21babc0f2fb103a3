/**
 * What a run started from: its code package and the artifacts of its `_parameters/0`
 * pseudo-task (parameter values, included files and config values).
 * @module
 */
import type { FlowDatastore } from "../datastore/flow-datastore.js";
import { NotFoundError } from "../errors.js";
import type { RunRecord } from "../metadata/types.js";

/** A run's code package. */
export interface CodePackage {
  /** Content hash (sha256) of the package. */
  readonly sha: string;
  /** The flow file the package was built from, as given to `run`. */
  readonly flowFile: string;
  /** The package's source: one ES module, the flow file bundled with what it imports (except metaflow-ts). */
  readonly source: string;
}

/** Reads the code package of a run. */
export async function readCodePackage(fds: FlowDatastore, record: RunRecord): Promise<CodePackage> {
  const source = await fds.readCodePackage(record.codePackage);
  if (source === undefined) {
    throw new NotFoundError(`The code package ${record.codePackage} of run ${record.flowName}/${record.runId} is missing from ${fds.storage.location} (was it garbage-collected?).`);
  }
  return { sha: record.codePackage, flowFile: record.flowFile, source };
}

/**
 * Artifact names of a run's configs in `_parameters/0`: the run record's `configs` (config name ->
 * value) names them, and `configFields` (when recorded) gives fields that differ from the names.
 */
export function configNamesOf(record: RunRecord): readonly string[] {
  const extra = (record as { readonly configFields?: unknown }).configFields;
  const fields = Array.isArray(extra) ? extra.filter((c): c is string => typeof c === "string") : [];
  return [...Object.keys(record.configs ?? {}), ...fields];
}

/** The values of the `_parameters/0` artifacts whose name passes `keep`. */
export async function readParameterArtifacts(fds: FlowDatastore, runId: string, keep: (name: string) => boolean): Promise<Record<string, unknown>> {
  const ds = await fds.latestDoneAttempt(runId, "_parameters", "0");
  if (ds === undefined) return {};
  const index = await ds.readArtifactIndex();
  const names = Object.keys(index).filter(keep);
  const values = await Promise.all(names.map((n) => ds.loadArtifact(n, index[n] as (typeof index)[string])));
  return Object.fromEntries(names.map((n, i) => [n, values[i]]));
}
