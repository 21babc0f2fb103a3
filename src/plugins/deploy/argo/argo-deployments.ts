/**
 * Deployments on a cluster, through the Kubernetes API (the official @kubernetes/client-node):
 * apply a deployment's manifests (create, or replace keeping the resourceVersion; remove a
 * schedule or sensor the flow no longer has), submit a Workflow from the template, list and read
 * its workflows, suspend/resume/terminate one, delete the deployment. The cluster comes from the
 * kubeconfig as kubectl finds it (`KUBECONFIG`, ~/.kube/config, in-cluster).
 * @module
 */
import { ApiException, CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { openStorage } from "../../../datastore/storage-registry.js";
import { ErrorCode, MetaflowError } from "../../../errors.js";
import type { DeployEnv, DeployedRunAction, DeployedRunStatus } from "../../../public/plugin.js";
import type { Manifest } from "./argo-types.js";
import { workflowRunKey, type DeploymentRecord } from "./deployment-record.js";
import { triggerParameter } from "./step-templates.js";

const group = "argoproj.io";
const version = "v1alpha1";
const plurals: Readonly<Record<string, string>> = { WorkflowTemplate: "workflowtemplates", CronWorkflow: "cronworkflows", Sensor: "sensors", Workflow: "workflows" };

/** Deployments on the cluster of a kubeconfig. */
export class ArgoDeployments {
  private constructor(
    private readonly api: CustomObjectsApi,
    private readonly server: string,
  ) {}

  /** The cluster of the kubeconfig kubectl would use. */
  static async fromEnvironment(env: DeployEnv = process.env): Promise<ArgoDeployments> {
    const kc = new KubeConfig();
    try {
      if (env.KUBECONFIG !== undefined) kc.loadFromFile(env.KUBECONFIG);
      else kc.loadFromDefault();
    } catch (e) {
      throw new MetaflowError(ErrorCode.Deploy, `Cannot read the kubeconfig (${env.KUBECONFIG ?? "~/.kube/config"}): ${(e as Error).message}. Point KUBECONFIG at your cluster's config, or use --only-json to print the manifests.`);
    }
    const cluster = kc.getCurrentCluster();
    if (cluster === null) throw new MetaflowError(ErrorCode.Deploy, "No Kubernetes cluster is configured: set KUBECONFIG (or ~/.kube/config) to reach the cluster that runs Argo Workflows, or use --only-json to print the manifests.");
    return new ArgoDeployments(kc.makeApiClient(CustomObjectsApi), cluster.server);
  }

  /** Creates or replaces the manifests of a deployment; deletes a CronWorkflow / Sensor it no longer has. */
  async apply(record: DeploymentRecord, manifests: readonly Manifest[]): Promise<void> {
    for (const m of manifests) {
      const plural = plurals[m.kind] as string;
      const at = { group, version, namespace: record.namespace, plural, name: m.metadata.name };
      const existing = await this.call(`read ${m.kind} ${m.metadata.name}`, () => this.api.getNamespacedCustomObject(at), true);
      if (existing === undefined) await this.call(`create ${m.kind} ${m.metadata.name}`, () => this.api.createNamespacedCustomObject({ ...at, body: m }));
      else {
        const body = { ...m, metadata: { ...m.metadata, resourceVersion: (existing as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion } };
        await this.call(`replace ${m.kind} ${m.metadata.name}`, () => this.api.replaceNamespacedCustomObject({ ...at, body }));
      }
    }
    for (const kind of ["CronWorkflow", "Sensor"]) {
      if (!manifests.some((m) => m.kind === kind)) await this.remove(record, kind);
    }
  }

  /** Submits a Workflow from the deployment's template; resolves to the workflow name. */
  async trigger(record: DeploymentRecord, params: Readonly<Record<string, unknown>>): Promise<string> {
    const known = new Set(record.parameters.map((p) => p.name));
    const unknown = Object.keys(params).filter((k) => !known.has(k));
    if (unknown.length > 0) throw new MetaflowError(ErrorCode.ParameterError, `Unknown parameter${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} for ${record.flowName}. Its parameters: ${[...known].join(", ") || "(none)"}.`);
    const missing = record.parameters.filter((p) => p.default === undefined && p.required && params[p.name] === undefined);
    if (missing.length > 0) throw new MetaflowError(ErrorCode.ParameterError, `Parameter '${(missing[0] as { name: string }).name}' is required: pass --${(missing[0] as { name: string }).name} <value> to trigger.`);
    const parameters = [
      ...record.parameters.flatMap((p) => {
        const v = params[p.name];
        if (v === undefined) return [];
        return [{ name: p.name, value: typeof v === "string" ? v : p.type === "json" ? JSON.stringify(v) : String(v) }];
      }),
      { name: triggerParameter, value: "null" },
    ];
    const body = { apiVersion: `${group}/${version}`, kind: "Workflow", metadata: { generateName: `${record.name}-`, namespace: record.namespace }, spec: { workflowTemplateRef: { name: record.name }, arguments: { parameters } } };
    const created = (await this.call(`submit a workflow from ${record.name}`, () => this.api.createNamespacedCustomObject({ group, version, namespace: record.namespace, plural: "workflows", body }))) as { metadata: { name: string } };
    return created.metadata.name;
  }

  /** The workflows started from the deployment, newest first. */
  async listRuns(record: DeploymentRecord, datastoreRoot?: string): Promise<DeployedRunStatus[]> {
    const list = (await this.call(`list workflows of ${record.name}`, () =>
      this.api.listNamespacedCustomObject({ group, version, namespace: record.namespace, plural: "workflows", labelSelector: `workflows.argoproj.io/workflow-template=${record.name}` }),
    )) as { items: WorkflowObject[] };
    const items = [...list.items].sort((a, b) => String(b.metadata.creationTimestamp ?? "").localeCompare(String(a.metadata.creationTimestamp ?? "")));
    return Promise.all(items.map((w) => this.describe(record, w, datastoreRoot)));
  }

  /** One workflow's status. */
  async status(record: DeploymentRecord, workflow: string, datastoreRoot?: string): Promise<DeployedRunStatus> {
    const w = (await this.call(`read workflow ${workflow}`, () => this.api.getNamespacedCustomObject({ group, version, namespace: record.namespace, plural: "workflows", name: workflow }))) as WorkflowObject;
    return this.describe(record, w, datastoreRoot);
  }

  /** Suspends, resumes or terminates a workflow (the fields the Argo controller acts on). */
  async control(record: DeploymentRecord, workflow: string, verb: DeployedRunAction): Promise<void> {
    const body = controlPatch(verb);
    await this.call(`${verb} workflow ${workflow}`, () =>
      this.api.patchNamespacedCustomObject({ group, version, namespace: record.namespace, plural: "workflows", name: workflow, body }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch)),
    );
  }

  /** Deletes the deployment's template, schedule and sensor. */
  async delete(record: DeploymentRecord): Promise<void> {
    for (const kind of ["Sensor", "CronWorkflow", "WorkflowTemplate"]) await this.remove(record, kind);
  }

  private async remove(record: DeploymentRecord, kind: string): Promise<void> {
    await this.call(`delete ${kind} ${record.name}`, () => this.api.deleteNamespacedCustomObject({ group, version, namespace: record.namespace, plural: plurals[kind] as string, name: record.name }), true);
  }

  private async describe(record: DeploymentRecord, w: WorkflowObject, datastoreRoot?: string): Promise<DeployedRunStatus> {
    const bytes = await openStorage(datastoreRoot ?? record.datastoreRoot).read(workflowRunKey(record.flowName, w.metadata.name));
    const runId = bytes === undefined ? undefined : Buffer.from(bytes).toString("utf8");
    const phase = w.status?.phase ?? "Pending";
    const ended = phase === "Succeeded" ? "succeeded" : phase === "Failed" || phase === "Error" ? "failed" : undefined;
    return { name: w.metadata.name, phase, flowName: record.flowName, ...(ended === undefined ? {} : { ended }), ...(runId === undefined ? {} : { runId }) };
  }

  /** Runs a Kubernetes API call; `missingOk`: a 404 resolves to undefined. */
  private async call<T>(what: string, fn: () => Promise<T>, missingOk = false): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof ApiException && e.code === 404 && missingOk) return undefined;
      if (e instanceof ApiException) {
        const reason = (() => {
          try {
            return (JSON.parse(String(e.body)) as { message?: string }).message ?? String(e.body);
          } catch {
            return String(e.body);
          }
        })();
        const hint = e.code === 404 ? " Is Argo Workflows installed in the cluster (its CRDs), and the namespace right?" : e.code === 403 || e.code === 401 ? " Check your credentials' permissions for argoproj.io resources." : "";
        throw new MetaflowError(ErrorCode.Deploy, `Kubernetes API (${this.server}): ${what} failed with HTTP ${e.code}: ${reason}.${hint}`, { cause: e });
      }
      throw new MetaflowError(ErrorCode.Deploy, `Cannot reach the Kubernetes API at ${this.server} to ${what}: ${(e as Error).message}. Check KUBECONFIG and that the cluster is up.`, { cause: e });
    }
  }
}

/** The merge patch the Argo controller acts on for each action. */
function controlPatch(action: DeployedRunAction): object {
  switch (action) {
    case "suspend":
      return { spec: { suspend: true } };
    case "unsuspend":
      return { spec: { suspend: null } };
    case "terminate":
      return { spec: { shutdown: "Terminate" } };
  }
}

interface WorkflowObject {
  readonly metadata: { readonly name: string; readonly creationTimestamp?: string; readonly labels?: Record<string, string> };
  readonly spec?: { readonly templates?: readonly { readonly name: string; readonly container?: { readonly args?: readonly string[] } }[] };
  readonly status?: { readonly phase?: string };
}
