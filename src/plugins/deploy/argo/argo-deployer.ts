/**
 * Argo Workflows as a {@link Deployer}: `create` compiles the flow (create-deployment.ts) and applies
 * the manifests through the Kubernetes API (argo-deployments.ts); the other methods act on the
 * deployment's workflows there. The compiler and the Kubernetes client load on first use, so
 * registering this deployer costs nothing at start-up.
 * @module
 */
import type { CreatedDeployment, DeployEnv, DeployRequest, DeployedRunAction, DeployedRunStatus, Deployer, DeployerFactory, DeploymentQuery } from "../../../public/plugin.js";
import type { ArgoWorkflowsOptions } from "../../../public/deployer.js";
import type { ArgoDeployments } from "./argo-deployments.js";
import type { DeploymentRecord } from "./deployment-record.js";

/** The deployer's name, and its command: `metaflow-ts argo-workflows ...`. */
export const argoWorkflowsDeployerName = "argo-workflows";

/** Deploys to the Argo Workflows of the cluster the environment's kubeconfig names. */
export class ArgoWorkflowsDeployer implements Deployer<ArgoWorkflowsOptions, DeploymentRecord> {
  readonly name = argoWorkflowsDeployerName;
  private cluster: Promise<ArgoDeployments> | undefined;

  constructor(private readonly env: DeployEnv) {}

  async create(request: DeployRequest<ArgoWorkflowsOptions>): Promise<CreatedDeployment<DeploymentRecord>> {
    const { createDeployment } = await import("./create-deployment.js");
    const created = await createDeployment(
      {
        ...request.options,
        flowFile: request.flowFile,
        env: this.env,
        ...(request.cwd === undefined ? {} : { cwd: request.cwd }),
        ...(request.configs === undefined ? {} : { configs: request.configs }),
      },
      request.flowApi,
    );
    if (request.dryRun !== true) await (await this.deployments()).apply(created.record, created.manifests);
    return { deployment: created.record, manifests: created.manifests, warnings: created.warnings };
  }

  async find(query: DeploymentQuery): Promise<DeploymentRecord> {
    const { findDeployment } = await import("./find-deployment.js");
    return findDeployment(query, this.env);
  }

  async trigger(deployment: DeploymentRecord, parameters: Readonly<Record<string, unknown>>): Promise<string> {
    return (await this.deployments()).trigger(deployment, parameters);
  }

  async list(deployment: DeploymentRecord): Promise<DeployedRunStatus[]> {
    return (await this.deployments()).listRuns(deployment);
  }

  async status(deployment: DeploymentRecord, run: string): Promise<DeployedRunStatus> {
    return (await this.deployments()).status(deployment, run);
  }

  async control(deployment: DeploymentRecord, run: string, action: DeployedRunAction): Promise<void> {
    await (await this.deployments()).control(deployment, run, action);
  }

  async delete(deployment: DeploymentRecord): Promise<void> {
    await (await this.deployments()).delete(deployment);
  }

  /** The cluster, connected once. Loaded on use: @kubernetes/client-node is ~800 modules. */
  private deployments(): Promise<ArgoDeployments> {
    this.cluster ??= import("./argo-deployments.js").then(({ ArgoDeployments }) => ArgoDeployments.fromEnvironment(this.env));
    return this.cluster;
  }
}

/** Registered by the composition roots (src/plugins/deploy/index.ts). */
export const argoWorkflowsDeployer: DeployerFactory = {
  name: argoWorkflowsDeployerName,
  open: (env) => new ArgoWorkflowsDeployer(env),
};
