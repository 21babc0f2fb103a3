/**
 * Before a run starts: resolves and installs the environments its steps declare (`@npm`,
 * `@npmBase`) through the environment provider, re-bundles the code package when a declared
 * package was bundled from the project, and says which environment each step's tasks use.
 * @module
 */
import { writeRunEnvironments, readRunEnvironments } from "../datastore/run-environments.js";
import type { StorageBackend } from "../datastore/storage.js";
import { ErrorCode, MetaflowError } from "../errors.js";
import type { AppliedDecorator } from "../flow/metadata-keys.js";
import { bundleFlowModule } from "../loader/bundle-flow.js";
import { hasEnvImports } from "../loader/env-imports.js";
import { packageNameOf } from "../loader/env-import-plugin.js";
import type { InspectedFlow } from "../loader/inspect-flow.js";
import type { EnvironmentProvider, RunEnvironments } from "../protocol/environment.js";

/** What {@link prepareEnvironments} needs. */
export interface PrepareEnvironmentsOptions {
  readonly flow: InspectedFlow;
  /** Decorators of each step as the run uses them (configs resolved, `--with` merged). */
  readonly stepDecorators: ReadonlyMap<string, readonly AppliedDecorator[]>;
  readonly storage: StorageBackend;
  readonly env: NodeJS.ProcessEnv;
  /** The metaflow-ts module the flow imports (its export names, for re-bundling). */
  readonly api: object;
  readonly provider?: EnvironmentProvider;
  /** Resume: reuse the environments recorded with this run. */
  readonly originRunId?: string;
}

/** The prepared environments of a run about to start. */
export interface PreparedEnvironments {
  /** The code package to store and run. */
  readonly code: string;
  readonly environments: RunEnvironments | undefined;
  /** Set when tasks must resolve imports per step (see ExecuteOptions.environmentOf). */
  readonly environmentOf: ((step: string) => string) | undefined;
  /** Records the environments with the run (no-op without any). */
  record(runId: string): Promise<void>;
}

/** Resolves and installs the run's environments; throws (before any task runs) when one cannot be made. */
export async function prepareEnvironments(o: PrepareEnvironmentsOptions): Promise<PreparedEnvironments> {
  const flowName = o.flow.graph.flowName;
  let code = o.flow.code;
  let environments: RunEnvironments | undefined;
  const declared = o.provider?.declaredPackages(o.stepDecorators, o.flow.flowDecorators) ?? new Set<string>();
  const anyNpm = o.flow.flowDecorators.some((d) => d.name === "npmBase") || [...o.stepDecorators.values()].some((list) => list.some((d) => d.name === "npm"));
  if (anyNpm && o.provider === undefined) {
    throw new MetaflowError(ErrorCode.UsageError, `${o.flow.source.displayFile} uses @npm / @npmBase, but no environment provider was given to runFlow (pass environmentProvider, as the CLI and Runner do).`);
  }
  // An import neither the project nor any step provides is a mistake (a typo, a missing install): say so now.
  const unknown = (o.flow.envImports ?? []).filter((spec) => !declared.has(packageNameOf(spec)));
  if (unknown.length > 0) {
    const name = packageNameOf(unknown[0] as string);
    throw new MetaflowError(
      ErrorCode.FlowSyntax,
      `${o.flow.source.displayFile} imports ${unknown.map((u) => `'${u}'`).join(", ")}, which the project does not have and no step declares. Install it in the project (npm install ${name}) or declare it for the steps that use it: @npm({ packages: { "${name}": "<version>" } }).`,
    );
  }
  if (o.provider !== undefined && declared.size > 0) {
    const reuse = o.originRunId === undefined ? undefined : await readRunEnvironments(o.storage, flowName, o.originRunId);
    environments = await o.provider.prepare({ flowName, stepDecorators: o.stepDecorators, flowDecorators: o.flow.flowDecorators, storage: o.storage, env: o.env, ...(reuse ? { reuse } : {}) });
    // A declared package the project also has was bundled: bundle again, leaving it to the environments.
    if ((o.flow.bundledPackages ?? []).some((p) => declared.has(p))) code = (await bundleFlowModule(o.flow.source.file, Object.keys(o.api), declared)).code;
  }
  const envs = environments;
  const withEnv = envs !== undefined && Object.keys(envs.steps).length > 0;
  return {
    code,
    environments: envs,
    environmentOf: hasEnvImports(code) || withEnv ? (step) => envs?.steps[step]?.id ?? "none" : undefined,
    record: async (runId) => {
      if (withEnv) await writeRunEnvironments(o.storage, flowName, runId, envs);
    },
  };
}
