/**
 * Finds a deployment record `create` stored: from the flow file (named as `create` named it:
 * `--name`, or `<project>.<branch>.<flow>`, or the flow name; reads the flow's source, runs none
 * of it), or by its name alone across the flows of a datastore.
 * @module
 */
import path from "node:path";
import { resolveDatastoreRoot } from "../../../datastore/datastore-root.js";
import { openStorage } from "../../../datastore/storage-registry.js";
import { ErrorCode, MetaflowError, NotFoundError } from "../../../errors.js";
import { readFlowSource, requireValidGraph } from "../../../loader/flow-source.js";
import { currentUser } from "../../../metadata/current-user.js";
import type { DeployEnv, DeploymentQuery } from "../../../public/plugin.js";
import { listDeployments, readDeployment, type DeploymentRecord } from "./deployment-record.js";
import { deploymentName, projectOf } from "./names.js";

/** The deployment the query names, in the namespace it asks for (default: the one it was created in). */
export async function findDeployment(query: DeploymentQuery, env: DeployEnv): Promise<DeploymentRecord> {
  const cwd = path.resolve(query.cwd ?? process.cwd());
  const root = resolveDatastoreRoot(cwd, query.datastoreRoot, env);
  const record = query.flowFile === undefined ? await byName(query.name, root) : await byFlowFile(query.flowFile, query, cwd, root, env);
  return query.namespace === undefined ? record : { ...record, namespace: query.namespace };
}

async function byFlowFile(flowFile: string, query: DeploymentQuery, cwd: string, root: string, env: DeployEnv): Promise<DeploymentRecord> {
  const graph = requireValidGraph(await readFlowSource(flowFile, cwd));
  const projectName = /^\{\s*name:\s*["']([^"']+)["']/.exec(graph.decorators.find((d) => d.name === "project")?.argsText ?? "")?.[1];
  const branch = { ...(query.branch === undefined ? {} : { branch: query.branch }), ...(query.production === undefined ? {} : { production: query.production }) };
  const project = projectOf(projectName, graph.flowName, currentUser(env), branch);
  const name = deploymentName(query.name ?? project?.flowName ?? graph.flowName).name;
  const record = await readDeployment(openStorage(root), graph.flowName, name);
  if (record === undefined) throw new NotFoundError(`${graph.flowName} has no deployment named ${name} in ${root}; deploy it with \`metaflow-ts argo-workflows create\` first.`);
  return record;
}

async function byName(name: string | undefined, root: string): Promise<DeploymentRecord> {
  if (name === undefined) throw new MetaflowError(ErrorCode.UsageError, "To find a deployment, name it or its flow file.");
  const storage = openStorage(root);
  for (const flow of (await storage.list("")).filter((n) => !n.startsWith(".") && !n.startsWith("_"))) {
    if (!(await listDeployments(storage, flow)).includes(name)) continue;
    const record = await readDeployment(storage, flow, name);
    if (record !== undefined) return record;
  }
  throw new NotFoundError(`No deployment named ${name} in ${root}; create it with \`metaflow-ts argo-workflows create\` (or Deployer.argoWorkflows().create()).`);
}
