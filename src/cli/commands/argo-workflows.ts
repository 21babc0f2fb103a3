/**
 * `metaflow-ts argo-workflows create|trigger|list|status|delete|suspend|unsuspend|terminate`:
 * deploy a flow to Argo Workflows and manage its runs, through the `argo-workflows` deployer
 * (the `Deployer` plugin interface; built in: src/plugins/deploy/argo/).
 * @module
 */
import type { Command } from "commander";
import * as api from "../../public/index.js";
import { registerBuiltinDeployers } from "../../plugins/index.js";
import { openDeployer } from "../../deploy/deployer-registry.js";
import type { Deployer, DeploymentQuery } from "../../protocol/deployer.js";
import { CliExit } from "../exit-codes.js";
import type { CliContext } from "../command-io.js";
import { positiveInt } from "../options.js";
import { addConfigOptions, scanConfigArgs } from "./configs.js";

interface CreateFlags {
  readonly name?: string;
  readonly namespace?: string;
  readonly image?: string;
  readonly onlyJson?: boolean;
  readonly branch?: string;
  readonly production?: boolean;
  readonly maxWorkers?: number;
  readonly datastoreRoot?: string;
  readonly authorize?: string;
}

interface ManageFlags {
  readonly name?: string;
  readonly namespace?: string;
  readonly branch?: string;
  readonly production?: boolean;
  readonly datastoreRoot?: string;
  readonly runIdFile?: string;
  readonly json?: boolean;
}

/** Registers `argo-workflows` and its subcommands. */
export function registerArgoWorkflows(program: Command, ctx: CliContext): void {
  const argo = program.command("argo-workflows").description("deploy the flow to Argo Workflows (schedules, events) and manage its runs");
  const create = argo
    .command("create")
    .description("compile the flow to an Argo WorkflowTemplate (+ CronWorkflow for @schedule, Sensor for @trigger) and apply it")
    .argument("<flow>", "flow file")
    .option("--name <name>", "deployment name (default: the flow name, or <project>.<branch>.<flow>)")
    .option("--namespace <ns>", "Kubernetes namespace (default: $METAFLOW_KUBERNETES_NAMESPACE or default)")
    .option("--image <image>", "container image with metaflow-ts installed (default: $METAFLOW_KUBERNETES_CONTAINER_IMAGE)")
    .option("--only-json", "print the manifests as a JSON array instead of applying them")
    .option("--branch <branch>", "deploy to this project branch (test.<branch>)")
    .option("--production", "deploy to the production branch of the project")
    .option("--max-workers <n>", "tasks of one run at the same time (Argo parallelism)", positiveInt)
    .option("--datastore-root <root>", "where deployed runs are stored (default: $METAFLOW_DATASTORE_ROOT or ./.metaflow)")
    .option("--authorize <token>", "production token of the existing deployment, to replace someone else's");
  addConfigOptions(create).action(async (flowFile: string, flags: CreateFlags) => {
    const created = await argoDeployer().create({
      flowFile,
      flowApi: api,
      configs: scanConfigArgs(ctx.argv),
      dryRun: flags.onlyJson === true,
      options: pick(flags, ["name", "namespace", "image", "branch", "production", "maxWorkers", "datastoreRoot", "authorize"]),
    });
    const { deployment, manifests } = created;
    for (const w of created.warnings) ctx.io.err(`Warning: ${w}`);
    ctx.io.err(`Production token of ${deployment.name}: ${deployment.token} (its runs are in the namespace production:${deployment.token}; another user re-deploying it needs --authorize with this token).`);
    if (flags.onlyJson) ctx.io.out(JSON.stringify(manifests, null, 2));
    else ctx.io.err(`Deployed ${deployment.flowName} as ${deployment.name}${deployment.namespace === undefined ? "" : ` in namespace ${deployment.namespace}`} (${manifests.map((m) => (m as { kind?: string }).kind).join(", ")}).`);
    ctx.setExit(CliExit.Ok);
  });
  const manage = (cmd: Command): Command =>
    cmd
      .option("--name <name>", "deployment name (default: from the flow, as create names it)")
      .option("--namespace <ns>", "Kubernetes namespace (default: the deployment's)")
      .option("--branch <branch>", "the project branch (as given to create)")
      .option("--production", "the production branch of the project")
      .option("--datastore-root <root>", "where deployed runs are stored");
  manage(argo.command("trigger").description("start a run of the deployed flow").argument("<flow>", "flow file").option("--run-id-file <file>", "write the run id (the Argo workflow name) to this file"))
    .allowUnknownOption()
    .allowExcessArguments(true)
    .action(async (flowFile: string, flags: ManageFlags) => {
      const d = argoDeployer();
      const deployment = await d.find(query(flowFile, flags));
      const wf = await d.trigger(deployment, parseParams(ctx.argv.slice(ctx.argv.indexOf(flowFile) + 1)));
      if (flags.runIdFile !== undefined) await (await import("node:fs/promises")).writeFile(flags.runIdFile, wf);
      ctx.io.out(`Triggered ${deployment.name}: workflow ${wf}`);
      ctx.setExit(CliExit.Ok);
    });
  manage(argo.command("list").description("list the runs of the deployed flow").argument("<flow>", "flow file").option("--json", "print as JSON")).action(async (flowFile: string, flags: ManageFlags) => {
    const d = argoDeployer();
    const runs = await d.list(await d.find(query(flowFile, flags)));
    if (flags.json) ctx.io.out(JSON.stringify(runs, null, 2));
    else for (const r of runs) ctx.io.out(`${r.name}  ${r.phase}${r.runId ? `  run ${r.runId}` : ""}`);
    ctx.setExit(CliExit.Ok);
  });
  manage(argo.command("status").description("the status of a run (Argo workflow name)").argument("<flow>", "flow file").argument("<run>", "workflow name")).action(async (flowFile: string, run: string, flags: ManageFlags) => {
    const d = argoDeployer();
    const s = await d.status(await d.find(query(flowFile, flags)), run);
    ctx.io.out(`${run}: ${s.phase}${s.runId ? ` (run ${s.runId})` : ""}`);
    ctx.setExit(CliExit.Ok);
  });
  for (const [verb, what] of [["suspend", "pause a run"], ["unsuspend", "resume a paused run"], ["terminate", "stop a run now"]] as const) {
    manage(argo.command(verb).description(what).argument("<flow>", "flow file").argument("<run>", "workflow name")).action(async (flowFile: string, run: string, flags: ManageFlags) => {
      const d = argoDeployer();
      await d.control(await d.find(query(flowFile, flags)), run, verb);
      ctx.io.out(`${verb}: ${run}`);
      ctx.setExit(CliExit.Ok);
    });
  }
  manage(argo.command("delete").description("delete the deployment (template, schedule, sensor)").argument("<flow>", "flow file")).action(async (flowFile: string, flags: ManageFlags) => {
    const d = argoDeployer();
    const deployment = await d.find(query(flowFile, flags));
    await d.delete(deployment);
    ctx.io.out(`Deleted ${deployment.name}`);
    ctx.setExit(CliExit.Ok);
  });
}

/** The `argo-workflows` deployer for this process's environment (it connects to the cluster on first use). */
function argoDeployer(): Deployer {
  registerBuiltinDeployers();
  return openDeployer("argo-workflows", process.env);
}

/** The deployment a managing subcommand names: from the flow file, as `create` named it. */
function query(flowFile: string, flags: ManageFlags): DeploymentQuery {
  return { flowFile, ...pick(flags, ["name", "namespace", "branch", "production", "datastoreRoot"]) };
}

/** Options of `trigger` itself (not flow parameters) and whether they take a value. */
const triggerOptions = new Map([["--name", true], ["--namespace", true], ["--branch", true], ["--datastore-root", true], ["--run-id-file", true], ["--production", false]]);

/** The flow parameters (`--name value` / `--name=value`) after the flow file. */
function parseParams(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith("--")) continue;
    const own = triggerOptions.get(a.split("=")[0] as string);
    if (own !== undefined) {
      if (own && !a.includes("=")) i++;
      continue;
    }
    const eq = a.indexOf("=");
    if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
    else out[a.slice(2)] = args[++i] ?? "";
  }
  return out;
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.flatMap((k) => (o[k] === undefined ? [] : [[k, o[k]]]))) as Partial<Pick<T, K>>;
}
