/**
 * Deployers: the production schedulers a flow is deployed to (Argo Workflows is the built-in one).
 * The `Deployer` API and the `<name> create|trigger|list|status|...` commands reach a scheduler
 * through this interface and nothing else: compile and apply a deployment, find it again, start a
 * run of it, follow, pause or stop that run, delete the deployment. Types only.
 * @module
 */
import type { ConfigInputs } from "../config/config-inputs.js";

/** An environment (variables by name), as `process.env`. */
export type DeployEnv = Readonly<Record<string, string | undefined>>;

/** Settings every deployer takes (Metaflow's `create` flags); a deployer extends them with its own. */
export interface DeployOptions {
  /** Deployment name. @default the flow name, or `<project>.<branch>.<flow>` with `@project` */
  readonly name?: string;
  /** Deploy to this project branch (`test.<branch>`). */
  readonly branch?: string;
  /** Deploy to the production branch of the project. */
  readonly production?: boolean;
  /** Tasks of one run at the same time. */
  readonly maxWorkers?: number;
  /** Where deployed runs are stored. @default $METAFLOW_DATASTORE_ROOT or ./.metaflow */
  readonly datastoreRoot?: string;
  /** The production token of the existing deployment, to take it over as another user. */
  readonly authorize?: string;
}

/** What {@link Deployer.create} deploys: a flow file, its configs and the deployer's options. */
export interface DeployRequest<O extends DeployOptions = DeployOptions> {
  /** The flow file, relative to `cwd`. */
  readonly flowFile: string;
  /** Working directory. @default process.cwd() */
  readonly cwd?: string;
  /** Configs, resolved once, here (deploy time), and baked into the deployment. */
  readonly configs?: ConfigInputs;
  /** The `metaflow-ts` module the flow file imports (its classes are what the flow extends). */
  readonly flowApi: object;
  /** Compile and store the deployment, but leave the scheduler alone (`--only-json`). */
  readonly dryRun?: boolean;
  /** The deployer's settings. */
  readonly options: O;
}

/** A deployment as a deployer stores it; a deployer's own record extends this. */
export interface Deployment {
  /** The name the scheduler knows it by. */
  readonly name: string;
  /** The flow's name. */
  readonly flowName: string;
  /** Where its runs are stored. */
  readonly datastoreRoot: string;
  /** Production token: its runs are in the namespace `production:<token>`. */
  readonly token: string;
  /** Where on the scheduler it lives, when the scheduler has such places (Argo: the Kubernetes namespace). */
  readonly namespace?: string;
}

/** A deployment just created, with what was (or, in a dry run, would be) applied to the scheduler. */
export interface CreatedDeployment<D extends Deployment = Deployment> {
  readonly deployment: D;
  /** The scheduler's objects, as JSON-able values (Argo: the manifests). */
  readonly manifests: readonly object[];
  /** What the user should know (a shortened name, a local datastore). */
  readonly warnings: readonly string[];
}

/** How to find a deployment again. */
export interface DeploymentQuery {
  /** The flow file `create` deployed: the deployment is named from it as `create` named it. */
  readonly flowFile?: string;
  /** The deployment name (with `flowFile`: instead of the derived one; alone: searched across flows). */
  readonly name?: string;
  /** The project branch given to `create`. */
  readonly branch?: string;
  /** The production branch given to `create`. */
  readonly production?: boolean;
  /** Where the deployment is stored. @default $METAFLOW_DATASTORE_ROOT or ./.metaflow */
  readonly datastoreRoot?: string;
  /** Where on the scheduler to look (a Kubernetes namespace for Argo). @default where it was created */
  readonly namespace?: string;
  /** Working directory. @default process.cwd() */
  readonly cwd?: string;
}

/** A run of a deployment as the scheduler reports it. */
export interface DeployedRunStatus {
  /** The scheduler's name of the run (Argo: the workflow's name). */
  readonly name: string;
  /** The scheduler's own word for its state (Argo: Pending, Running, Succeeded, Failed, Error). */
  readonly phase: string;
  /** How it ended; absent while it is pending or running. */
  readonly ended?: "succeeded" | "failed";
  /** The metaflow-ts run id, once the run registered itself. */
  readonly runId?: string;
  readonly flowName: string;
}

/** What can be done to a run of a deployment. */
export type DeployedRunAction = "suspend" | "unsuspend" | "terminate";

/**
 * A production scheduler, opened for one environment (its credentials, cluster address). Each
 * method is what one `<name> <subcommand>` does; the public `Deployer` API uses the same ones.
 */
export interface Deployer<O extends DeployOptions = DeployOptions, D extends Deployment = Deployment> {
  /** The name it is registered under, which is also its command (`argo-workflows`). */
  readonly name: string;
  /** Compiles the flow, stores what its runs need (code package, record) and, unless a dry run, applies it. */
  create(request: DeployRequest<O>): Promise<CreatedDeployment<D>>;
  /** Finds a deployment made by `create`; a typed error (with the fix) when there is none. */
  find(query: DeploymentQuery): Promise<D>;
  /** Starts a run; the rest of the parameters take their deployed defaults. Resolves to the run's scheduler name. */
  trigger(deployment: D, parameters: Readonly<Record<string, unknown>>): Promise<string>;
  /** The runs of a deployment, newest first. */
  list(deployment: D): Promise<DeployedRunStatus[]>;
  /** One run's state. */
  status(deployment: D, run: string): Promise<DeployedRunStatus>;
  /** Suspends, resumes or terminates a run. */
  control(deployment: D, run: string, action: DeployedRunAction): Promise<void>;
  /** Deletes the deployment (runs already started keep running). */
  delete(deployment: D): Promise<void>;
}

/** A kind of deployer, registered by the composition roots. */
export interface DeployerFactory {
  /** The deployer's name, e.g. `argo-workflows`. */
  readonly name: string;
  /** The deployer for this environment. Cheap: a deployer connects on first use. */
  open(env: DeployEnv): Deployer;
}
