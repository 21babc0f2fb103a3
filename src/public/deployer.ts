/**
 * The Deployer API: deploy a flow to Argo Workflows from code (notebooks, CI pipelines), trigger
 * its runs and follow them. A composition root, like runner.ts: it wires the Argo plugin in.
 *
 * @example
 * ```ts
 * const deployed = await new Deployer("flow.ts", { configs: { config: "prod.toml" } }).argoWorkflows({ image: "registry/flows:1" }).create();
 * const triggered = await deployed.trigger({ alpha: 0.5 });
 * const run = await triggered.waitForRun();           // a client Run, once the deployed run registered
 * ```
 * @module
 */
// The Kubernetes client and the compiler load only when used (the task runtime imports this module's exports).
import type { ArgoDeployments } from "../plugins/deploy/argo/argo-deployments.js";
import { listDeployments, readDeployment, workflowRunKey, type DeploymentRecord } from "../plugins/deploy/argo/deployment-record.js";
import { openStorage } from "../datastore/storage-registry.js";
import { registerBuiltinBackends } from "../plugins/index.js";
import { resolveDatastoreRoot } from "../datastore/datastore-root.js";
import { ErrorCode, MetaflowError, NotFoundError } from "../errors.js";
import { loadRun, type Run } from "../client/run.js";
import { configInputsOf } from "./runner.js";

registerBuiltinBackends();

/** Options of {@link Deployer}. */
export interface DeployerOptions {
  /** Working directory (the flow file and relative paths resolve against it). @default process.cwd() */
  readonly cwd?: string;
  /** Environment (image, namespace, kubeconfig, datastore root variables). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Configs by name: a string is a file, an object the value (resolved once, at create). */
  readonly configs?: Readonly<Record<string, unknown>>;
}

/** Options of {@link Deployer.argoWorkflows}: the flags of `argo-workflows create`. */
export interface ArgoWorkflowsOptions {
  /** Deployment name. @default the flow name, or `<project>.<branch>.<flow>` */
  readonly name?: string;
  /** Kubernetes namespace. @default $METAFLOW_KUBERNETES_NAMESPACE or `default` */
  readonly namespace?: string;
  /** Container image with metaflow-ts installed. @default $METAFLOW_KUBERNETES_CONTAINER_IMAGE */
  readonly image?: string;
  /** Deploy to this project branch (`test.<branch>`). */
  readonly branch?: string;
  /** Deploy to the production branch of the project. */
  readonly production?: boolean;
  /** Tasks of one run at the same time (Argo parallelism). */
  readonly maxWorkers?: number;
  /** Where deployed runs are stored. @default $METAFLOW_DATASTORE_ROOT or ./.metaflow */
  readonly datastoreRoot?: string;
  /** The production token of the existing deployment, to take it over as another user. */
  readonly authorize?: string;
}

/** Deploys a flow file. */
export class Deployer {
  constructor(
    private readonly flowFile: string,
    private readonly options: DeployerOptions = {},
  ) {}

  /** Deployment to Argo Workflows with these settings. */
  argoWorkflows(options: ArgoWorkflowsOptions = {}): { create(): Promise<DeployedFlow> } {
    return {
      create: async () => {
        const env = this.options.env ?? process.env;
        const [{ createDeployment }, api] = await Promise.all([import("../plugins/deploy/argo/create-deployment.js"), import("./index.js")]);
        const created = await createDeployment(
          {
            flowFile: this.flowFile,
            env,
            ...(this.options.cwd === undefined ? {} : { cwd: this.options.cwd }),
            ...(this.options.configs === undefined ? {} : { configs: configInputsOf(this.options.configs) }),
            ...options,
          },
          api,
        );
        await (await cluster(env)).apply(created.record, created.manifests);
        return new DeployedFlow(created.record, resolveDatastoreRoot(this.options.cwd ?? process.cwd(), options.datastoreRoot, env), env, created.warnings);
      },
    };
  }
}

/** A flow deployed to Argo Workflows. */
export class DeployedFlow {
  /** @internal */
  constructor(
    private readonly record: DeploymentRecord,
    private readonly datastoreRoot: string,
    private readonly env: Readonly<Record<string, string | undefined>>,
    /** What `create` warned about (a shortened name, a local datastore). */
    readonly warnings: readonly string[] = [],
  ) {}

  /** The deployment name (the WorkflowTemplate's). */
  get name(): string {
    return this.record.name;
  }

  /** The flow's name. */
  get flowName(): string {
    return this.record.flowName;
  }

  /** The production token: runs of this deployment are in the namespace `production:<token>`. */
  get productionToken(): string {
    return this.record.token;
  }

  /** Finds an existing deployment by name (in `$METAFLOW_DATASTORE_ROOT` or `datastoreRoot`). */
  static async fromDeployment(name: string, options: { readonly datastoreRoot?: string; readonly env?: Readonly<Record<string, string | undefined>>; readonly cwd?: string } = {}): Promise<DeployedFlow> {
    const env = options.env ?? process.env;
    const root = resolveDatastoreRoot(options.cwd ?? process.cwd(), options.datastoreRoot, env);
    const storage = openStorage(root);
    for (const flow of (await storage.list("")).filter((n) => !n.startsWith(".") && !n.startsWith("_"))) {
      if (!(await listDeployments(storage, flow)).includes(name)) continue;
      const record = await readDeployment(storage, flow, name);
      if (record !== undefined) return new DeployedFlow(record, root, env);
    }
    throw new NotFoundError(`No deployment named ${name} in ${root}; create it with \`metaflow-ts argo-workflows create\` (or Deployer.argoWorkflows().create()).`);
  }

  /** Starts a run with these parameter values (the rest take their deployed defaults). */
  async trigger(parameters: Readonly<Record<string, unknown>> = {}): Promise<TriggeredRun> {
    const k8s = await cluster(this.env);
    const workflow = await k8s.trigger(this.record, parameters);
    return new TriggeredRun(this.record, workflow, this.datastoreRoot, k8s);
  }

  /** Deletes the deployment (template, schedule, sensor). Runs already started keep running. */
  async delete(): Promise<void> {
    await (await cluster(this.env)).delete(this.record);
  }
}

/** A run started from a deployment. */
export class TriggeredRun {
  /** @internal */
  constructor(
    private readonly record: DeploymentRecord,
    /** The Argo workflow's name. */
    readonly workflowName: string,
    private readonly datastoreRoot: string,
    private readonly cluster: ArgoDeployments,
  ) {}

  /** The run, once it registered itself (its first container ran); else undefined. */
  get run(): Promise<Run | undefined> {
    return (async () => {
      const bytes = await openStorage(this.datastoreRoot).read(workflowRunKey(this.record.flowName, this.workflowName));
      if (bytes === undefined) return undefined;
      return loadRun(this.record.flowName, new TextDecoder().decode(bytes), this.datastoreRoot);
    })();
  }

  /** The Argo phase: Pending, Running, Succeeded, Failed or Error. */
  async status(): Promise<string> {
    return (await this.cluster.status(this.record, this.workflowName, this.datastoreRoot)).phase;
  }

  /** Waits until the run is registered (and, with `untilDone`, finished); resolves to it. */
  async waitForRun(options: { readonly timeoutMs?: number; readonly pollMs?: number; readonly untilDone?: boolean } = {}): Promise<Run> {
    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    for (;;) {
      const run = await this.run;
      const phase = await this.status();
      if (run !== undefined && (!options.untilDone || ["Succeeded", "Failed", "Error"].includes(phase))) return options.untilDone ? ((await this.run) as Run) : run;
      if (run === undefined && ["Failed", "Error"].includes(phase)) throw new MetaflowError(ErrorCode.Deploy, `Workflow ${this.workflowName} ended ${phase} before its run registered; see \`kubectl logs\` of its init pod.`);
      if (Date.now() > deadline) throw new MetaflowError(ErrorCode.Deploy, `Workflow ${this.workflowName} did not ${options.untilDone ? "finish" : "register its run"} in time (phase ${phase}).`);
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 2000));
    }
  }

  /** Stops the run now. */
  async terminate(): Promise<void> {
    await this.cluster.control(this.record, this.workflowName, "terminate");
  }
}

async function cluster(env: Readonly<Record<string, string | undefined>>): Promise<ArgoDeployments> {
  const { ArgoDeployments } = await import("../plugins/deploy/argo/argo-deployments.js");
  return ArgoDeployments.fromEnvironment(env);
}
