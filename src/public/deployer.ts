/**
 * The Deployer API: deploy a flow to a production scheduler (Argo Workflows) from code (notebooks,
 * CI pipelines), trigger its runs and follow them. A composition root, like runner.ts: it registers
 * the built-in deployers and reaches them through the `Deployer` plugin interface (metaflow-ts/plugin).
 *
 * @example
 * ```ts
 * const deployed = await new Deployer("flow.ts", { configs: { config: "prod.toml" } }).argoWorkflows({ image: "registry/flows:1" }).create();
 * const triggered = await deployed.trigger({ alpha: 0.5 });
 * const run = await triggered.waitForRun();           // a client Run, once the deployed run registered
 * ```
 * @module
 */
import { registerBuiltinBackends, registerBuiltinDeployers } from "../plugins/index.js";
import { openDeployer } from "../deploy/deployer-registry.js";
import { resolveDatastoreRoot } from "../datastore/datastore-root.js";
import { ErrorCode, MetaflowError } from "../errors.js";
import { loadRun, type Run } from "../client/run.js";
import type { DeployEnv, DeployOptions, Deployer as SchedulerDeployer, Deployment } from "../protocol/deployer.js";
import { configInputsOf, runnerPlugins } from "./runner.js";
import type { PluginSource } from "../plugin-host/load-plugins.js";

registerBuiltinBackends();
registerBuiltinDeployers();

/** Options of {@link Deployer}. */
export interface DeployerOptions {
  /** Working directory (the flow file and relative paths resolve against it). @default process.cwd() */
  readonly cwd?: string;
  /** Environment (image, namespace, kubeconfig, datastore root variables). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Configs by name: a string is a file, an object the value (resolved once, at create). */
  readonly configs?: Readonly<Record<string, unknown>>;
  /** Third-party plugins (module specifiers or plugin objects), e.g. one with a deployer of its own; added to those `METAFLOW_TS_PLUGINS` names. */
  readonly plugins?: readonly PluginSource[];
}

/** Options of {@link Deployer.argoWorkflows}: the flags of `argo-workflows create`. */
export interface ArgoWorkflowsOptions extends DeployOptions {
  /** Kubernetes namespace. @default $METAFLOW_KUBERNETES_NAMESPACE or `default` */
  readonly namespace?: string;
  /** Container image with metaflow-ts installed. @default $METAFLOW_KUBERNETES_CONTAINER_IMAGE */
  readonly image?: string;
}

/** Deploys a flow file. */
export class Deployer {
  constructor(
    private readonly flowFile: string,
    private readonly options: DeployerOptions = {},
  ) {}

  /** Deployment to Argo Workflows with these settings. */
  argoWorkflows(options: ArgoWorkflowsOptions = {}): { create(): Promise<DeployedFlow> } {
    return this.scheduler("argo-workflows", options);
  }

  /** Deployment with the deployer registered under `name` (a plugin's, see `DeployerOptions.plugins`). */
  scheduler(name: string, options: DeployOptions = {}): { create(): Promise<DeployedFlow> } {
    return { create: () => this.create(name, options) };
  }

  private async create(deployerName: string, options: DeployOptions): Promise<DeployedFlow> {
    const env = this.options.env ?? process.env;
    await runnerPlugins(this.options.plugins ?? [], env, this.options.cwd);
    const deployer = openDeployer(deployerName, env);
    const created = await deployer.create({
      flowFile: this.flowFile,
      flowApi: await import("./index.js"),
      options,
      ...(this.options.cwd === undefined ? {} : { cwd: this.options.cwd }),
      ...(this.options.configs === undefined ? {} : { configs: configInputsOf(this.options.configs) }),
    });
    return new DeployedFlow(deployer, created.deployment, resolveDatastoreRoot(this.options.cwd ?? process.cwd(), options.datastoreRoot, env), created.warnings);
  }
}

/** A flow deployed to a production scheduler. */
export class DeployedFlow {
  /** @internal */
  constructor(
    private readonly deployer: SchedulerDeployer,
    private readonly deployment: Deployment,
    private readonly datastoreRoot: string,
    /** What `create` warned about (a shortened name, a local datastore). */
    readonly warnings: readonly string[] = [],
  ) {}

  /** The deployment name (Argo: the WorkflowTemplate's). */
  get name(): string {
    return this.deployment.name;
  }

  /** The flow's name. */
  get flowName(): string {
    return this.deployment.flowName;
  }

  /** The production token: runs of this deployment are in the namespace `production:<token>`. */
  get productionToken(): string {
    return this.deployment.token;
  }

  /** Finds an existing deployment by name (in `$METAFLOW_DATASTORE_ROOT` or `datastoreRoot`; made by the `deployer` named, `argo-workflows` by default). */
  static async fromDeployment(
    name: string,
    options: { readonly datastoreRoot?: string; readonly env?: DeployEnv; readonly cwd?: string; readonly deployer?: string; readonly plugins?: readonly PluginSource[] } = {},
  ): Promise<DeployedFlow> {
    const env = options.env ?? process.env;
    const cwd = options.cwd ?? process.cwd();
    await runnerPlugins(options.plugins ?? [], env, cwd);
    const root = resolveDatastoreRoot(cwd, options.datastoreRoot, env);
    const deployer = openDeployer(options.deployer ?? "argo-workflows", env);
    return new DeployedFlow(deployer, await deployer.find({ name, datastoreRoot: root, cwd }), root);
  }

  /** Starts a run with these parameter values (the rest take their deployed defaults). */
  async trigger(parameters: Readonly<Record<string, unknown>> = {}): Promise<TriggeredRun> {
    const run = await this.deployer.trigger(this.deployment, parameters);
    return new TriggeredRun(this.deployer, this.deployment, run, this.datastoreRoot);
  }

  /** Deletes the deployment (template, schedule, sensor). Runs already started keep running. */
  async delete(): Promise<void> {
    await this.deployer.delete(this.deployment);
  }
}

/** A run started from a deployment. */
export class TriggeredRun {
  /** @internal */
  constructor(
    private readonly deployer: SchedulerDeployer,
    private readonly deployment: Deployment,
    /** The scheduler's name of the run (Argo: the workflow's name). */
    readonly workflowName: string,
    private readonly datastoreRoot: string,
  ) {}

  /** The run, once it registered itself (its first task started); else undefined. */
  get run(): Promise<Run | undefined> {
    return this.deployer.status(this.deployment, this.workflowName).then((s) => this.load(s.runId));
  }

  /** The scheduler's state of the run (Argo: Pending, Running, Succeeded, Failed or Error). */
  async status(): Promise<string> {
    return (await this.deployer.status(this.deployment, this.workflowName)).phase;
  }

  /** Waits until the run is registered (and, with `untilDone`, finished); resolves to it. */
  async waitForRun(options: { readonly timeoutMs?: number; readonly pollMs?: number; readonly untilDone?: boolean } = {}): Promise<Run> {
    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    for (;;) {
      const status = await this.deployer.status(this.deployment, this.workflowName);
      const run = await this.load(status.runId);
      if (run !== undefined && (!options.untilDone || status.ended !== undefined)) return run;
      if (run === undefined && status.ended === "failed") throw new MetaflowError(ErrorCode.Deploy, `Workflow ${this.workflowName} ended ${status.phase} before its run registered; see \`kubectl logs\` of its init pod.`);
      if (Date.now() > deadline) throw new MetaflowError(ErrorCode.Deploy, `Workflow ${this.workflowName} did not ${options.untilDone ? "finish" : "register its run"} in time (phase ${status.phase}).`);
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 2000));
    }
  }

  /** Stops the run now. */
  async terminate(): Promise<void> {
    await this.deployer.control(this.deployment, this.workflowName, "terminate");
  }

  private async load(runId: string | undefined): Promise<Run | undefined> {
    return runId === undefined ? undefined : loadRun(this.deployment.flowName, runId, this.datastoreRoot);
  }
}
