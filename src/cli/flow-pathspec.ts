/**
 * Pathspecs given from a flow file (`npx tsx flow.ts dump 1712/start/1`): as with Metaflow's
 * `python flow.py dump RUN/STEP/TASK`, the flow name may be left out.
 * @module
 */
import { flowNameOf } from "./commands/runs.js";

/**
 * `pathspec` with the flow's name in front when the CLI runs from `flowFile` and the pathspec
 * does not start with it (`1712/start` → `MyFlow/1712/start`); unchanged otherwise.
 */
export async function qualifyPathspec(pathspec: string, flowFile: string | undefined): Promise<string> {
  if (flowFile === undefined) return pathspec;
  const flowName = await flowNameOf(flowFile);
  const trimmed = pathspec.replace(/^\/+/, "");
  return trimmed === flowName || trimmed.startsWith(`${flowName}/`) ? trimmed : `${flowName}/${trimmed}`;
}
