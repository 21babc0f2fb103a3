/**
 * `runFlow`: the library function behind `metaflow-ts run` and `Runner.run()`. Checks and
 * packages the flow, resolves its parameters, registers the run, and schedules its tasks.
 * Problems found before the run starts throw; a run that starts and fails is a result.
 * @module
 */
import os from "node:os";
import path from "node:path";
import { resolveDatastoreRoot } from "../datastore/datastore-root.js";
import { currentUser } from "../metadata/current-user.js";
import { validateUserTag } from "../metadata/tag-change.js";
import { FlowDatastore } from "../datastore/flow-datastore.js";
import { codePackagePath } from "../datastore/code-package-path.js";
import { openDatastore } from "../datastore/open-datastore.js";
import { ErrorCode, MetaflowError } from "../errors.js";
import { inspectFlow, type InspectedFlow } from "../loader/inspect-flow.js";
import { currentScheduler } from "../metadata/local-probe.js";
import { heartbeatIntervalMs } from "../metadata/heartbeat.js";
import type { MetadataProvider } from "../metadata/types.js";
import { checkDecoratorSpecs, mergeStepDecorators, parseDecoratorSpec, stepPolicyOf } from "./decorator-specs.js";
import { knownStepDecorators } from "../flow/step-decorator.js";
import type { RunListener } from "./events.js";
import { reportRunLive } from "./live-metadata.js";
import { resolveParameters } from "./parameters.js";
import { executeRun, type StepCompute } from "./runtime.js";
import type { ComputeBackend, ComputeProvider, ComputeStep } from "../protocol/compute.js";
import { openLocalBackend } from "./local-backend.js";
import { chooseStepCompute, type StepComputeChoice } from "./step-compute.js";
import type { Isolation } from "./launcher.js";
import { preloadSpareThread, prestartThread } from "./thread-pool.js";
import { loadOrigin, type ResumeOptions } from "./resume.js";
import { removeStaleTempFiles } from "../datastore/gc/stale-temp-files.js";
import { validateStepDecorators, type StepDecoratorImplementation } from "../flow/decorator-behaviour.js";
import { configureFlow } from "../config/configure-flow.js";
import type { ConfigInputs } from "../config/config-inputs.js";
import { originConfigs } from "../config/origin-configs.js";
import type { EnvironmentProvider } from "../protocol/environment.js";
import type { TaskPlugin } from "../protocol/task-spec.js";
import { prepareEnvironments } from "./prepare-environments.js";
import { projectTags, runProject } from "../flow/project.js";

/** Options of {@link runFlow}. */
export interface RunFlowOptions {
  /** Path of the flow file (relative to `cwd`). */
  readonly flowFile: string;
  /** Working directory. @default process.cwd() */
  readonly cwd?: string;
  /** Where runs are stored. @default $METAFLOW_DATASTORE_ROOT, else `<cwd>/.metaflow` */
  readonly datastoreRoot?: string;
  /** Parameter values by parameter name (strings are parsed by the parameter's type). */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** Tasks run at the same time. @default the number of CPU cores */
  readonly maxWorkers?: number;
  /**
   * How tasks are isolated: a fresh worker thread each (fast) or a child process each.
   * Steps with `@timeout` always run as processes. @default $METAFLOW_TS_ISOLATION, else "thread"
   */
  readonly isolation?: Isolation;
  /** Largest allowed foreach. @default 100 */
  readonly maxNumSplits?: number;
  /** User tags of the run. */
  readonly tags?: readonly string[];
  /** Decorators for every step, e.g. `retry:times=2`. */
  readonly with?: readonly string[];
  /** Environment of the task processes. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  readonly listeners?: readonly RunListener[];
  /** Aborting stops the run's tasks and fails the run. */
  readonly signal?: AbortSignal;
  /** Behaviours of step decorators, checked against the flow before it runs (built-ins come from the composition root). */
  readonly decoratorImplementations?: readonly StepDecoratorImplementation[];
  /** Remote compute backends a step may select with its decorator (`@slurm`, `@kubernetes`); the composition root passes the built-ins. */
  readonly computeProviders?: readonly ComputeProvider[];
  /** Resume an earlier run: reuse its successful tasks, run the rest with the current code. */
  readonly resume?: ResumeOptions;
  /** The flow, already inspected (saves bundling it twice); its configs may be resolved already. */
  readonly inspected?: InspectedFlow;
  /** Config files, values and overrides (`--config`, `--config-value`, `--config-override`); ignored by a resume, which keeps the origin's. */
  readonly configs?: ConfigInputs;
  /** Resolves and installs per-step environments (`@npm`, `@npmBase`); from the composition root. */
  readonly environmentProvider?: EnvironmentProvider;
  /**
   * Third-party plugin modules every task loads before it runs (see TaskSpec.plugins); the
   * composition root has loaded them in this process already.
   */
  readonly plugins?: readonly TaskPlugin[];
  /** The `@project` branch of the run (`test.<branch>`). @default $METAFLOW_BRANCH, else `user.<name>` */
  readonly branch?: string;
  /** Runs in the project's production branch (`prod`). @default $METAFLOW_PRODUCTION */
  readonly production?: boolean;
}

/** How a run ended. */
export interface RunResult {
  readonly status: "succeeded" | "failed";
  readonly flowName: string;
  readonly runId: string;
  readonly datastoreRoot: string;
  readonly failedTask?: string;
  readonly reason?: string;
}

/** Runs a flow locally. `api` is the metaflow-ts module the flow's code imports. */
export async function runFlow(options: RunFlowOptions, api: object): Promise<RunResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const user = currentUser(env);
  const maxWorkers = options.maxWorkers ?? os.availableParallelism();
  const maxNumSplits = options.maxNumSplits ?? 100;
  for (const [name, v] of [["--max-workers", maxWorkers], ["--max-num-splits", maxNumSplits]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new MetaflowError(ErrorCode.UsageError, `${name} must be a whole number ≥ 1; got ${v}.`);
  }
  for (const tag of options.tags ?? []) validateUserTag(tag);
  const isolation: Isolation = options.isolation ?? (env.METAFLOW_TS_ISOLATION === "process" ? "process" : "thread");
  // The first task thread boots while the flow is inspected and the run is recorded.
  if (isolation === "thread") prestartThread(env);
  // Configs are resolved first (deploy time): they shape decorators and parameter defaults.
  // A resume keeps the configs of the run it resumes.
  const inspected = options.inspected ?? (await inspectFlow(options.flowFile, api, cwd));
  const fixed = options.resume === undefined ? undefined : await originConfigs(resolveDatastoreRoot(cwd, options.datastoreRoot, env), inspected.graph.flowName, options.resume.originRunId);
  const flow = await configureFlow(inspected, { cwd, user, env, ...(options.configs === undefined ? {} : { inputs: options.configs }), ...(fixed === undefined ? {} : { fixed }) });
  const withSpecs = (options.with ?? []).map(parseDecoratorSpec);
  checkDecoratorSpecs(withSpecs, knownStepDecorators());
  const stepDecorators = mergeStepDecorators(Object.keys(flow.graph.steps), flow.stepDecorators, withSpecs);
  validateStepDecorators(flow.graph, stepDecorators, options.decoratorImplementations ?? []);
  const policies = new Map([...stepDecorators].map(([step, decos]) => [step, stepPolicyOf(step, decos)]));
  const flowName = flow.graph.flowName;
  const projectName = flow.flowDecorators?.find((d) => d.name === "project")?.attributes.name;
  const project = runProject(typeof projectName === "string" ? projectName : undefined, flowName, user, env, { ...(options.branch === undefined ? {} : { branch: options.branch }), ...(options.production === undefined ? {} : { production: options.production }) });
  const datastoreRoot = resolveDatastoreRoot(cwd, options.datastoreRoot, env);
  const choices = new Map([...stepDecorators].map(([step, decos]) => [step, chooseStepCompute(step, decos, options.computeProviders ?? [])]));
  const remoteSteps = stepsByProvider(choices, policies);
  // Before anything is written or submitted: every remote backend checks the steps it will run.
  for (const [provider, steps] of remoteSteps) await provider.check?.({ flowName, datastoreRoot, flowFile: flow.source.displayFile, maxWorkers, cwd, env, steps });
  const { storage, metadata } = openDatastore(datastoreRoot, env);
  const fds = new FlowDatastore(storage, flowName);
  const origin = options.resume === undefined ? undefined : await loadOrigin(fds, metadata, flow.graph, options.resume);
  // A resume follows a run that may have been killed: clear the temp files its writers left (local datastore).
  if (origin !== undefined && storage.localPath !== undefined) await removeStaleTempFiles(storage.localPath(flowName));
  if (origin !== undefined && Object.keys(options.parameters ?? {}).length > 0) {
    throw new MetaflowError(
      ErrorCode.UsageError,
      `A resumed run keeps the parameters of the run it resumes (${flowName}/${origin.runId}); it cannot change them (${Object.keys(options.parameters ?? {}).join(", ")}). Start a new run with \`metaflow-ts run\` to use other values.`,
    );
  }
  const values = origin === undefined ? await resolveParameters(flow.declarations, { values: options.parameters ?? {}, flowName, user, cwd, flowDir: path.dirname(path.resolve(cwd, flow.source.file)), configs: Object.fromEntries(flow.configs.map((c) => [c.name, c.value])) }) : {};
  // Environments are resolved and installed before the run exists: a failure leaves nothing behind.
  const environments = await prepareEnvironments({ flow, stepDecorators, storage, env, api, ...(options.environmentProvider ? { provider: options.environmentProvider } : {}), ...(origin ? { originRunId: origin.runId } : {}) });
  const codePackage = await fds.putCodePackage(environments.code);
  const codePath = await codePackagePath(fds, codePackage, env);
  // The waiting task thread loads the code package while the run is being recorded.
  if (isolation === "thread" && environments.environmentOf === undefined) preloadSpareThread(env, codePath, flow.source.displayFile);
  const runId = await metadata.newRunId(flowName);
  await environments.record(runId);
  // The parameters are written before the run is registered, so that a registered run can
  // always be resumed. Parameters are the artifacts of a pseudo-task that `start` takes as its input, so they
  // reach every task by reference like any other artifact.
  const params = fds.task(runId, "_parameters", "0", 0);
  await params.writeAttempt({ attempt: 0, startedAt: new Date().toISOString(), pid: process.pid, inputPaths: [], foreachStack: [] });
  const index: Record<string, Awaited<ReturnType<typeof params.saveArtifact>>> = { ...origin?.parameters };
  for (const [field, value] of Object.entries(values)) index[field] = await params.saveArtifact(field, value);
  // Configs too (read-only in tasks, like parameters); a resume reuses the origin's.
  if (origin === undefined) for (const c of flow.configs) index[c.field] = await params.saveArtifact(c.field, c.value);
  await params.writeDone({ status: "ok", attempt: 0, finishedAt: new Date().toISOString(), transition: { kind: "linear", to: "start" }, foreachStack: [], index });
  await metadata.registerRun({
    flowName,
    runId,
    createdAt: new Date().toISOString(),
    user,
    tags: [...(options.tags ?? [])],
    systemTags: [`user:${user}`, `runtime:node-${process.versions.node.split(".")[0]}`, "metaflow-ts", ...projectTags(project)],
    codePackage,
    flowFile: flow.source.displayFile,
    graph: flow.graph,
    stepDecorators: Object.fromEntries(stepDecorators),
    flowDecorators: flow.flowDecorators,
    configs: Object.fromEntries(flow.configs.map((c) => [c.name, c.value])),
    ...(origin === undefined ? {} : { originRunId: origin.runId }),
    ...(project === undefined ? {} : { project }),
    scheduler: currentScheduler(),
  });
  const heartbeat = startHeartbeat(metadata, flowName, runId, env);

  const listeners = [...(options.listeners ?? [])];
  const emit: RunListener = (e) => {
    for (const l of listeners) l(e);
  };
  const live = reportRunLive(metadata, (message) => emit({ type: "run:message", message }));
  if (live !== undefined) listeners.unshift(live.listener);
  emit({ type: "run:start", flowName, runId, ...(origin === undefined ? {} : { originRunId: origin.runId }) });

  const local = openLocalBackend({ isolation, maxWorkers, codePath, flowFile: flow.source.displayFile, env, preload: environments.environmentOf === undefined });
  const remote = new Map<ComputeProvider, ComputeBackend>();
  let outcome: Awaited<ReturnType<typeof executeRun>> | undefined;
  try {
    try {
      for (const [provider, steps] of remoteSteps) {
        remote.set(provider, await provider.open({ flowName, runId, datastoreRoot, codePath, flowFile: flow.source.displayFile, maxWorkers, cwd, env, steps }));
      }
    } catch (e) {
      outcome = { status: "failed", reason: e instanceof MetaflowError ? e.message : `cannot start the run's compute backends: ${(e as Error)?.message ?? String(e)}` };
    }
    if (outcome === undefined) {
      const compute = new Map<string, StepCompute>(
        [...choices].map(([step, c]) => [step, { backend: (c.provider === undefined ? undefined : remote.get(c.provider)) ?? local, resources: c.resources, attributes: c.attributes, stopOnFailure: c.provider !== undefined }]),
      );
      outcome = await runTasks(compute);
    }
  } finally {
    clearInterval(heartbeat);
    await Promise.allSettled([local, ...remote.values()].map((b) => b.close()));
  }
  async function runTasks(compute: ReadonlyMap<string, StepCompute>) {
    return executeRun({
    flowName,
    flowFile: flow.source.displayFile,
    runId,
    graph: flow.graph,
    datastore: fds,
    datastoreRoot,
    codePackage,
    maxWorkers,
    maxNumSplits,
    compute: (step) => compute.get(step) ?? { backend: local, resources: {}, attributes: {} },
    policy: (step) => policies.get(step) ?? { retries: 0, delayMs: 0 },
    parametersTask: `${runId}/_parameters/0`,
    env,
    emit,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(origin === undefined ? {} : { reuse: origin.reuseFor(runId) }),
    ...(environments.environmentOf === undefined ? {} : { environmentOf: environments.environmentOf }),
    ...(options.plugins === undefined ? {} : { plugins: options.plugins }),
    }).catch(async (e: unknown) => {
      await live?.stop();
      throw e;
    });
  }
  const end =
    outcome.status === "succeeded"
      ? ({ status: "succeeded", finishedAt: new Date().toISOString() } as const)
      : ({ status: "failed", finishedAt: new Date().toISOString(), reason: outcome.reason, ...(outcome.failedTask ? { failedTask: outcome.failedTask } : {}) } as const);
  await live?.stop();
  await metadata.finishRun(flowName, runId, end);
  const result: RunResult = { flowName, runId, datastoreRoot, ...end };
  emit({ type: "run:end", flowName, runId, status: end.status, ...(result.failedTask ? { failedTask: result.failedTask } : {}), ...(result.reason ? { reason: result.reason } : {}) });
  return result;
}

/** Writes the run's heartbeat now and every HEARTBEAT_INTERVAL_MS (a failed write is retried at the next beat). */
function startHeartbeat(metadata: MetadataProvider, flowName: string, runId: string, env: NodeJS.ProcessEnv): NodeJS.Timeout {
  const beat = (): void => void metadata.heartbeat(flowName, runId, new Date().toISOString()).catch(() => undefined);
  beat();
  return setInterval(beat, heartbeatIntervalMs(env)).unref();
}

/** Resumes a run of a flow: `runFlow` with `resume` set (default origin: the flow's latest run). */
export function resumeFlow(options: Omit<RunFlowOptions, "resume" | "parameters"> & { readonly resume?: ResumeOptions }, api: object): Promise<RunResult> {
  return runFlow({ ...options, resume: options.resume ?? {} }, api);
}

/** The steps each remote provider runs, with what they ask for. */
function stepsByProvider(choices: ReadonlyMap<string, StepComputeChoice>, policies: ReadonlyMap<string, { readonly timeoutMs?: number }>): Map<ComputeProvider, ComputeStep[]> {
  const out = new Map<ComputeProvider, ComputeStep[]>();
  for (const [step, c] of choices) {
    if (c.provider === undefined) continue;
    const timeoutMs = policies.get(step)?.timeoutMs;
    const list = out.get(c.provider) ?? [];
    list.push({ step, attributes: c.attributes, resources: c.resources, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
    out.set(c.provider, list);
  }
  return out;
}
