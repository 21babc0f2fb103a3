/**
 * `argo-workflows create`: resolves the flow's configs (deploy time), stores its code package
 * and the deployment record in the datastore, and compiles the manifests. Applying them to a
 * cluster is the caller's choice (`--only-json` prints them instead).
 * @module
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { configureFlow } from "../../../config/configure-flow.js";
import type { ConfigInputs } from "../../../config/config-inputs.js";
import { resolveDatastoreRoot } from "../../../datastore/datastore-root.js";
import { FlowDatastore } from "../../../datastore/flow-datastore.js";
import { openStorage } from "../../../datastore/storage-registry.js";
import { ErrorCode, MetaflowError } from "../../../errors.js";
import { parameterType } from "../../../flow/parameter.js";
import { inspectFlow } from "../../../loader/inspect-flow.js";
import { currentUser } from "../../../metadata/current-user.js";
import { mergeStepDecorators } from "../../../scheduler/decorator-specs.js";
import { resolveParameters } from "../../../scheduler/parameters.js";
import type { ArgoWorkflowsOptions } from "../../../public/deployer.js";
import type { Manifest } from "./argo-types.js";
import { readDeployment, writeDeployment, type DeployedParameter, type DeploymentRecord } from "./deployment-record.js";
import { buildManifests, endEventName } from "./manifests.js";
import { deploymentName, projectOf } from "./names.js";

/** Options of {@link createDeployment}: the public {@link ArgoWorkflowsOptions} and where the flow is. */
export interface CreateOptions extends ArgoWorkflowsOptions {
  readonly flowFile: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly configs?: ConfigInputs;
  /** The command that starts metaflow-ts in the image. @default ["metaflow-ts"] */
  readonly command?: readonly string[];
}

/** A created deployment. */
export interface CreatedDeployment {
  readonly record: DeploymentRecord;
  readonly manifests: Manifest[];
  /** Things the user should know (a shortened name, a local datastore). */
  readonly warnings: string[];
}

/** Compiles a flow for Argo Workflows and stores what its runs need. `api` is the metaflow-ts module the flow imports. */
export async function createDeployment(o: CreateOptions, api: object): Promise<CreatedDeployment> {
  const cwd = path.resolve(o.cwd ?? process.cwd());
  const env = o.env ?? process.env;
  const user = currentUser(env);
  const warnings: string[] = [];
  const inspected = await inspectFlow(o.flowFile, api, cwd);
  const flow = await configureFlow(inspected, { cwd, user, env, ...(o.configs === undefined ? {} : { inputs: o.configs }) });
  const flowName = flow.graph.flowName;
  const included = flow.declarations.find((d) => d.kind !== "parameter");
  if (included !== undefined) throw new MetaflowError(ErrorCode.Deploy, `${flow.source.displayFile}: IncludeFile '${included.name}' cannot be deployed to argo-workflows yet; read the file in a step from storage both reach, or pass it as a Parameter.`);
  const stepDecorators = mergeStepDecorators(Object.keys(flow.graph.steps), flow.stepDecorators, []);
  const image = o.image ?? env.METAFLOW_KUBERNETES_CONTAINER_IMAGE ?? imageOfStart(stepDecorators.get("start") ?? []);
  if (image === undefined || image === "") {
    throw new MetaflowError(ErrorCode.Deploy, `No container image for ${flowName}: pass --image IMAGE, set METAFLOW_KUBERNETES_CONTAINER_IMAGE, or give @kubernetes({ image }) to the start step. The image must have metaflow-ts installed.`);
  }
  const projectName = flow.flowDecorators.find((d) => d.name === "project")?.attributes.name;
  const project = projectOf(typeof projectName === "string" ? projectName : undefined, flowName, user, { ...(o.branch === undefined ? {} : { branch: o.branch }), ...(o.production === undefined ? {} : { production: o.production }) });
  const named = deploymentName(o.name ?? project?.flowName ?? flowName);
  if (named.shortened) warnings.push(`The deployment name ${JSON.stringify(o.name ?? project?.flowName ?? flowName)} is longer than Kubernetes allows; it is deployed as ${named.name} (shortened, with a hash of the full name).`);
  const datastoreRoot = resolveDatastoreRoot(cwd, o.datastoreRoot, env);
  if (!datastoreRoot.startsWith("s3://")) warnings.push(`The datastore root ${datastoreRoot} is a local directory: every pod must mount it at that path. Production deployments use S3 (--datastore-root s3://bucket/prefix).`);
  const storage = openStorage(datastoreRoot);
  const previous = await readDeployment(storage, flowName, named.name);
  if (previous !== undefined && previous.owner !== user && o.authorize !== previous.token) {
    throw new MetaflowError(
      ErrorCode.Deploy,
      `${named.name} was deployed by ${previous.owner}. To replace their deployment, pass its production token: --authorize ${"<token>"} (they can find it in the deployment's runs, namespace production:<token>).`,
    );
  }
  const parameters: DeployedParameter[] = [];
  for (const d of flow.declarations) {
    if (d.kind !== "parameter") continue;
    if (!/^[A-Za-z0-9_-]+$/.test(d.name)) throw new MetaflowError(ErrorCode.Deploy, `Parameter '${d.name}' cannot be an Argo workflow parameter: use letters, digits, '_' and '-' only.`);
    const type = parameterType(d);
    const hasDefault = d.options.default !== undefined;
    const value = hasDefault ? (await resolveParameters([d], { values: {}, flowName, user, cwd, flowDir: cwd, configs: Object.fromEntries(flow.configs.map((c) => [c.name, c.value])) }))[d.field] : undefined;
    parameters.push({
      name: d.name,
      field: d.field,
      type,
      required: d.options.required === true,
      ...(value === undefined || value === null ? {} : { default: type === "json" ? JSON.stringify(value) : String(value) }),
      ...(d.options.help === undefined ? {} : { help: d.options.help }),
    });
  }
  const codePackage = await new FlowDatastore(storage, flowName).putCodePackage(flow.code);
  const record: DeploymentRecord = {
    name: named.name,
    namespace: o.namespace ?? env.METAFLOW_KUBERNETES_NAMESPACE ?? "default",
    flowName,
    flowFile: flow.source.displayFile,
    datastoreRoot,
    owner: user,
    createdAt: new Date().toISOString(),
    token: previous?.token ?? `${named.name}-${randomBytes(4).toString("hex")}`,
    codePackage,
    graph: flow.graph,
    stepDecorators: Object.fromEntries(stepDecorators),
    flowDecorators: flow.flowDecorators,
    configs: Object.fromEntries(flow.configs.map((c) => [c.name, c.value])),
    configFields: Object.fromEntries(flow.configs.map((c) => [c.name, c.field])),
    parameters,
    ...(project === undefined ? {} : { project }),
    endEvent: endEventName(project?.flowName ?? flowName),
  };
  const manifests = buildManifests(record, {
    image,
    datastoreRoot,
    command: o.command ?? ["metaflow-ts"],
    env: containerEnv(env),
    ...(o.maxWorkers === undefined ? {} : { maxWorkers: o.maxWorkers }),
    ...(env.METAFLOW_ARGO_EVENTS_EVENT_BUS ? { eventBus: env.METAFLOW_ARGO_EVENTS_EVENT_BUS } : {}),
    ...(env.METAFLOW_ARGO_EVENTS_EVENT_SOURCE ? { eventSource: env.METAFLOW_ARGO_EVENTS_EVENT_SOURCE } : {}),
    ...(env.METAFLOW_ARGO_EVENTS_SERVICE_ACCOUNT ? { eventsServiceAccount: env.METAFLOW_ARGO_EVENTS_SERVICE_ACCOUNT } : {}),
  });
  await writeDeployment(storage, record);
  return { record, manifests, warnings };
}

function imageOfStart(decos: readonly { name: string; attributes: Readonly<Record<string, unknown>> }[]): string | undefined {
  const image = decos.find((d) => d.name === "kubernetes")?.attributes.image;
  return typeof image === "string" ? image : undefined;
}

/** Settings the containers need from the deploying environment (S3 endpoint, events webhook, third-party plugins). */
function containerEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const keys = ["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "AWS_REGION", "METAFLOW_ARGO_EVENTS_WEBHOOK_URL", "METAFLOW_USER", "METAFLOW_TS_PLUGINS"];
  return Object.fromEntries(keys.flatMap((k) => (env[k] === undefined ? [] : [[k, env[k] as string]])));
}
