/**
 * `metaflow-ts environment resolve FLOW`: resolves and installs every step's `@npm` environment
 * ahead of a run (e.g. in CI), and stores it in the datastore;
 * `metaflow-ts environment show FLOW|PATHSPEC`: what each step gets (for a flow file: as declared,
 * with the versions this machine resolved; for `Flow/run[/step[/task]]`: what the run used).
 * @module
 */
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { configureFlow } from "../../config/configure-flow.js";
import { configInputsFromOptions, type ConfigOptionValues } from "../../config/config-inputs.js";
import { openDatastore } from "../../datastore/open-datastore.js";
import { readRunEnvironments } from "../../datastore/run-environments.js";
import { NotFoundError } from "../../errors.js";
import { inspectFlow } from "../../loader/inspect-flow.js";
import { currentUser } from "../../metadata/current-user.js";
import { npmEnvironments } from "../../plugins/environments/index.js";
import type { EnvironmentProvider } from "../../public/plugin.js";
import type { PlannedEnvironment, StepEnvironment } from "../../protocol/environment.js";
import * as api from "../../public/index.js";
import { useDatastoreRoot, withDatastoreRoot, type DatastoreRootOption } from "../client-setup.js";
import type { CliContext, CommandIo } from "../command-io.js";
import { CliExit } from "../exit-codes.js";
import { renderTable } from "../format/table.js";
import { addConfigOptions } from "./configs.js";

/** Options of `environment resolve|show`. */
export interface EnvironmentCommandOptions extends DatastoreRootOption, ConfigOptionValues {
  readonly json?: boolean;
}

async function configuredFlow(file: string, options: EnvironmentCommandOptions) {
  const inspected = await inspectFlow(file, api);
  return configureFlow(inspected, { inputs: configInputsFromOptions(options), cwd: process.cwd(), user: currentUser(process.env), env: process.env });
}

/** Runs `environment resolve FLOW`. */
export async function environmentResolveCommand(file: string, options: EnvironmentCommandOptions, io: CommandIo, provider: EnvironmentProvider = npmEnvironments): Promise<number> {
  const flow = await configuredFlow(file, options);
  const { storage } = openDatastore(useDatastoreRoot(options));
  const envs = await provider.prepare({ flowName: flow.graph.flowName, stepDecorators: flow.stepDecorators, flowDecorators: flow.flowDecorators, storage, env: process.env, log: (l) => io.err(l) });
  const planned = Object.fromEntries(Object.entries(envs.steps).map(([s, e]) => [s, { requested: e.requested, environment: e }]));
  report(flow.graph.flowName, Object.keys(flow.graph.steps), planned, options, io);
  return CliExit.Ok;
}

/** Runs `environment show FLOW|PATHSPEC`. */
export async function environmentShowCommand(target: string, options: EnvironmentCommandOptions, io: CommandIo, provider: EnvironmentProvider = npmEnvironments): Promise<number> {
  if (existsSync(target) || /\.[cm]?[jt]s$/.test(target)) {
    const flow = await configuredFlow(target, options);
    report(flow.graph.flowName, Object.keys(flow.graph.steps), await provider.plan(flow.stepDecorators, flow.flowDecorators, process.env), options, io);
    return CliExit.Ok;
  }
  const [flowName, runId, step] = target.split("/").filter((p) => p !== "");
  const { storage, metadata } = openDatastore(useDatastoreRoot(options));
  const run = flowName === undefined || runId === undefined ? undefined : await metadata.getRun(flowName, runId);
  if (run === undefined) throw new NotFoundError(`No flow file or run '${target}': give a flow file or a pathspec Flow/run[/step[/task]] of an existing run (in ${storage.location}).`);
  const recorded = (await readRunEnvironments(storage, run.flowName, run.runId))?.steps ?? {};
  const steps = step === undefined ? Object.keys(run.graph.steps) : [step];
  const planned = Object.fromEntries(Object.entries(recorded).map(([s, e]) => [s, { requested: e.requested, environment: e }]));
  report(run.flowName, steps, planned, options, io);
  return CliExit.Ok;
}

function report(flowName: string, steps: readonly string[], planned: Readonly<Record<string, PlannedEnvironment>>, options: EnvironmentCommandOptions, io: CommandIo): void {
  if (options.json) {
    io.out(JSON.stringify({ flow: flowName, steps: Object.fromEntries(steps.map((s) => [s, planned[s] ?? null])) }, null, 2));
    return;
  }
  const rows = steps.map((s) => {
    const p = planned[s];
    if (p === undefined) return [s, "-", "(no @npm packages: the project's own dependencies)"];
    return [s, p.environment?.id.slice(0, 12) ?? "(not resolved here)", describe(p.requested, p.environment)];
  });
  for (const line of renderTable(["STEP", "ENVIRONMENT", "PACKAGES"], rows)) io.out(line);
}

function describe(requested: Readonly<Record<string, string>>, env: StepEnvironment | undefined): string {
  return Object.entries(requested)
    .map(([name, range]) => {
      const version = env?.resolved[name];
      return version === undefined ? `${name}@${range}` : version === range ? `${name}@${version}` : `${name}@${version} (${range})`;
    })
    .join(", ");
}

/** Registers `environment resolve|show`. */
export function registerEnvironment(program: Command, ctx: CliContext): void {
  const group = program.command("environment").description("per-step npm environments (@npm, @npmBase): resolve ahead of time, show");
  withDatastoreRoot(addConfigOptions(group.command("resolve").description("resolve and install every step's environment (stored in the datastore too)").argument("<flow>", "flow file")))
    .option("--json", "print as JSON")
    .action(async (flow: string, opts: EnvironmentCommandOptions) => {
      ctx.setExit(await environmentResolveCommand(flow, opts, ctx.io, ctx.plugins?.environment));
    });
  withDatastoreRoot(addConfigOptions(group.command("show").description("what each step gets: of a flow file (as resolved on this machine) or of a run (Flow/run[/step[/task]])").argument("<flow-or-pathspec>", "flow file or pathspec")))
    .option("--json", "print as JSON")
    .action(async (target: string, opts: EnvironmentCommandOptions) => {
      ctx.setExit(await environmentShowCommand(target, opts, ctx.io, ctx.plugins?.environment));
    });
}
