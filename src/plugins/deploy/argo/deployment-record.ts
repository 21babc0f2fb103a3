/**
 * What `create` stores with a deployment in the datastore (`<Flow>/_deployments/<name>.json`):
 * the run record every deployed run starts from (graph, resolved decorators and configs, code
 * package), the parameters, the project and the production token. `init` reads it; so do
 * `trigger`, `status` and the Deployer.
 * @module
 */
import type { StorageBackend } from "../../../datastore/storage.js";
import type { AppliedDecorator } from "../../../flow/metadata-keys.js";
import type { ParameterType } from "../../../flow/parameter.js";
import type { FlowGraph } from "../../../graph/types.js";

/** A flow Parameter as a workflow parameter. */
export interface DeployedParameter {
  readonly name: string;
  readonly field: string;
  readonly type: ParameterType;
  /** The default as Argo passes it (a JSON parameter JSON-encoded); absent when none. */
  readonly default?: string;
  readonly required: boolean;
  readonly help?: string;
}

/** The project a deployment belongs to (`@project`). */
export interface DeployedProject {
  readonly name: string;
  readonly branch: string;
  readonly production: boolean;
  /** `<project>.<branch>.<Flow>` */
  readonly flowName: string;
}

/** A deployment as stored. */
export interface DeploymentRecord {
  readonly name: string;
  readonly namespace: string;
  readonly flowName: string;
  readonly flowFile: string;
  /** Where the deployment's runs are stored (as the pods see it). */
  readonly datastoreRoot: string;
  readonly owner: string;
  readonly createdAt: string;
  /** Production token: runs are in the namespace `production:<token>`; re-deploying as someone else needs it. */
  readonly token: string;
  readonly codePackage: string;
  readonly graph: FlowGraph;
  readonly stepDecorators: Readonly<Record<string, readonly AppliedDecorator[]>>;
  readonly flowDecorators: readonly AppliedDecorator[];
  readonly configs: Readonly<Record<string, unknown>>;
  /** Config field name by config name (configs are artifacts under their field). */
  readonly configFields: Readonly<Record<string, string>>;
  readonly parameters: readonly DeployedParameter[];
  readonly project?: DeployedProject;
  /** Name of the event announcing a successful run's end (what `@triggerOnFinish` waits for). */
  readonly endEvent: string;
}

/** Storage key of a deployment record. */
export function deploymentKey(flowName: string, name: string): string {
  return `${flowName}/_deployments/${name}.json`;
}

/** Storage key recording which run an Argo workflow is. */
export function workflowRunKey(flowName: string, workflow: string): string {
  return `${flowName}/_argo_runs/${workflow}`;
}

/** Reads a deployment record (undefined when none). */
export async function readDeployment(storage: StorageBackend, flowName: string, name: string): Promise<DeploymentRecord | undefined> {
  const bytes = await storage.read(deploymentKey(flowName, name));
  return bytes === undefined ? undefined : (JSON.parse(Buffer.from(bytes).toString("utf8")) as DeploymentRecord);
}

/** Writes a deployment record. */
export function writeDeployment(storage: StorageBackend, record: DeploymentRecord): Promise<void> {
  return storage.write(deploymentKey(record.flowName, record.name), JSON.stringify(record));
}

/** Lists the deployment names of a flow. */
export async function listDeployments(storage: StorageBackend, flowName: string): Promise<string[]> {
  return (await storage.list(`${flowName}/_deployments`)).filter((n) => n.endsWith(".json")).map((n) => n.slice(0, -5));
}
