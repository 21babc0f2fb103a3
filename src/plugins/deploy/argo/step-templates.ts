/**
 * The container templates of a deployment: one per step (the task command, retries, deadline,
 * resources), the `init` task that registers each run, and the exit hook that ends it. Every
 * container runs `metaflow-ts argo-workflows <init|step|finish> ...` from the deployment's image;
 * the task code comes from the code package stored in the datastore at create time.
 * @module
 */
import { ErrorCode, MetaflowError } from "../../../errors.js";
import type { AppliedDecorator } from "../../../flow/metadata-keys.js";
import type { FlowGraph } from "../../../graph/types.js";
import { stepPolicyOf } from "../../../scheduler/decorator-specs.js";
import type { ArgoContainer, ArgoParameter, ArgoTemplate } from "./argo-types.js";
import type { FlowStructure } from "./flow-structure.js";

/** Where the task commands write the values Argo reads back as output parameters. */
export const outputsDir = "/tmp/metaflow-outputs";
/** The global output holding the run id (written by `init`). */
export const runIdOutput = "mf-run-id";
/** Workflow parameter carrying what started a run (an event, a finished flow), as JSON. */
export const triggerParameter = "mf-trigger";

/** What every container of a deployment shares. */
export interface ContainerSettings {
  readonly flowName: string;
  readonly deploymentName: string;
  readonly image: string;
  readonly datastoreRoot: string;
  readonly codePackage: string;
  /** The command that starts metaflow-ts in the image. */
  readonly command: readonly string[];
  /** Environment of every container (e.g. the S3 endpoint, the Argo Events webhook). */
  readonly env: Readonly<Record<string, string>>;
  /** Workflow parameters (flow Parameters), by name. */
  readonly parameters: readonly string[];
}

/** Builds the step templates; `template(step)` names the one for a step. */
export function stepTemplates(graph: FlowGraph, structure: FlowStructure, decorators: ReadonlyMap<string, readonly AppliedDecorator[]>, s: ContainerSettings): { templates: ArgoTemplate[]; template(step: string): string } {
  const bodyEntries = new Set(Object.values(graph.steps).flatMap((n) => (n.transition.kind === "foreach" ? [n.transition.to] : [])));
  const templates = graph.order.map((step) => stepTemplate(step, graph, structure, decorators.get(step) ?? [], bodyEntries.has(step), s));
  return { templates: [...templates, initTemplate(s), finishTemplate(s)], template: (step) => `step-${structure.taskName(step)}` };
}

function stepTemplate(step: string, graph: FlowGraph, structure: FlowStructure, decos: readonly AppliedDecorator[], bodyEntry: boolean, s: ContainerSettings): ArgoTemplate {
  const node = graph.steps[step];
  const unsupported = decos.find((d) => d.name === "slurm");
  if (unsupported !== undefined) {
    throw new MetaflowError(ErrorCode.Deploy, `Step ${step} has @slurm: a deployed step runs as a container on Kubernetes. Remove @slurm (use @kubernetes or @resources) to deploy to argo-workflows.`, node ? { source: node.source } : {});
  }
  const policy = stepPolicyOf(step, decos);
  const k8s = decos.find((d) => d.name === "kubernetes")?.attributes ?? {};
  const outputs: ArgoParameter[] = [{ name: "path", valueFrom: { path: `${outputsDir}/path` } }];
  if (node?.transition.kind === "foreach") outputs.push({ name: "splits", valueFrom: { path: `${outputsDir}/splits` } });
  if (node?.transition.kind === "switch") outputs.push({ name: "case", valueFrom: { path: `${outputsDir}/case` } });
  const args = [
    "argo-workflows", "step", step,
    "--flow-name", s.flowName,
    "--run-id", `{{workflow.outputs.parameters.${runIdOutput}}}`,
    "--input-paths", "{{inputs.parameters.input-paths}}",
    "--attempt", policy.retries > 0 ? "{{retries}}" : "0",
    "--max-retries", String(policy.retries),
    "--datastore-root", s.datastoreRoot,
    "--code-package", s.codePackage,
    "--outputs", outputsDir,
    ...(bodyEntry ? ["--split-index", "{{inputs.parameters.split-index}}"] : []),
  ];
  const vars = (decos.find((d) => d.name === "environment")?.attributes.vars ?? {}) as Record<string, unknown>;
  const secrets = Array.isArray(k8s.secrets) ? (k8s.secrets as unknown[]).map(String) : [];
  const container: ArgoContainer = {
    ...baseContainer(s, typeof k8s.image === "string" ? k8s.image : s.image, args, Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, String(v)]))),
    ...(secrets.length === 0 ? {} : { envFrom: secrets.map((name) => ({ secretRef: { name } })) }),
    ...resourcesOf(decos),
  };
  return {
    name: `step-${structure.taskName(step)}`,
    inputs: { parameters: [{ name: "input-paths" }, ...(bodyEntry ? [{ name: "split-index" }] : [])] },
    outputs: { parameters: outputs },
    container,
    ...(policy.retries > 0
      ? { retryStrategy: { limit: String(policy.retries), retryPolicy: "Always", ...(policy.delayMs > 0 ? { backoff: { duration: `${Math.round(policy.delayMs / 1000)}s` } } : {}) } }
      : {}),
    ...(policy.timeoutMs === undefined ? {} : { activeDeadlineSeconds: Math.ceil(policy.timeoutMs / 1000) }),
    ...(isStringRecord(k8s.nodeSelector) ? { nodeSelector: k8s.nodeSelector } : {}),
    ...(Array.isArray(k8s.tolerations) ? { tolerations: k8s.tolerations as Record<string, unknown>[] } : {}),
    ...(typeof k8s.serviceAccount === "string" ? { serviceAccountName: k8s.serviceAccount } : {}),
    ...(isStringRecord(k8s.labels) || isStringRecord(k8s.annotations)
      ? { metadata: { ...(isStringRecord(k8s.labels) ? { labels: k8s.labels } : {}), ...(isStringRecord(k8s.annotations) ? { annotations: k8s.annotations } : {}) } }
      : {}),
  };
}

/** `init`: registers the run (id, parameters, configs) and outputs the parameters task's path. */
function initTemplate(s: ContainerSettings): ArgoTemplate {
  const args = [
    "argo-workflows", "init",
    "--flow-name", s.flowName,
    "--deployment", s.deploymentName,
    "--workflow", "{{workflow.name}}",
    "--datastore-root", s.datastoreRoot,
    "--trigger", `{{workflow.parameters.${triggerParameter}}}`,
    "--outputs", outputsDir,
    ...s.parameters.flatMap((p) => ["--param", `${p}={{workflow.parameters.${p}}}`]),
  ];
  return {
    name: "mf-init",
    outputs: {
      parameters: [
        { name: "path", valueFrom: { path: `${outputsDir}/path` } },
        { name: "run-id", globalName: runIdOutput, valueFrom: { path: `${outputsDir}/run-id` } },
      ],
    },
    container: baseContainer(s, s.image, args, {}),
  };
}

/** The exit hook: records how the run ended and announces a successful end (for `@triggerOnFinish`). */
function finishTemplate(s: ContainerSettings): ArgoTemplate {
  const args = [
    "argo-workflows", "finish",
    "--flow-name", s.flowName,
    "--deployment", s.deploymentName,
    "--run-id", `{{workflow.outputs.parameters.${runIdOutput}}}`,
    "--status", "{{workflow.status}}",
    "--datastore-root", s.datastoreRoot,
  ];
  return { name: "mf-finish", container: baseContainer(s, s.image, args, {}) };
}

function baseContainer(s: ContainerSettings, image: string, args: string[], extraEnv: Readonly<Record<string, string>>): ArgoContainer {
  const env = { ...s.env, ...extraEnv };
  return { name: "main", image, command: [...s.command], args, ...(Object.keys(env).length === 0 ? {} : { env: Object.entries(env).map(([name, value]) => ({ name, value })) }) };
}

/** `@resources` and `@kubernetes` (the larger value wins) as container requests; memory and disk in MB. */
function resourcesOf(decos: readonly AppliedDecorator[]): Pick<ArgoContainer, "resources"> {
  const pick = (key: string): number | undefined => {
    const values = ["resources", "kubernetes"].flatMap((n) => {
      const v = decos.find((d) => d.name === n)?.attributes[key];
      return typeof v === "number" && v > 0 ? [v] : [];
    });
    return values.length === 0 ? undefined : Math.max(...values);
  };
  const cpu = pick("cpu");
  const memory = pick("memory");
  const disk = pick("disk");
  const gpu = pick("gpu");
  const requests: Record<string, string> = {
    ...(cpu === undefined ? {} : { cpu: String(cpu) }),
    ...(memory === undefined ? {} : { memory: `${memory}M` }),
    ...(disk === undefined ? {} : { "ephemeral-storage": `${disk}M` }),
  };
  const limits: Record<string, string> = gpu === undefined ? {} : { "nvidia.com/gpu": String(gpu) };
  if (Object.keys(requests).length === 0 && Object.keys(limits).length === 0) return {};
  return { resources: { ...(Object.keys(requests).length > 0 ? { requests } : {}), ...(Object.keys(limits).length > 0 ? { limits } : {}) } };
}

function isStringRecord(v: unknown): v is Record<string, string> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === "string");
}
