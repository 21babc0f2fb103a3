/**
 * Runs one task: rebuilds the flow instance from its parents' artifacts, runs the step,
 * checks its transition, persists its artifacts and writes the done marker (with the artifact index) last.
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import { FlowDatastore } from "../datastore/flow-datastore.js";
import { codePackagePath } from "../datastore/code-package-path.js";
import { startHeartbeat } from "../metadata/heartbeat.js";
import { isLiveMetadataProvider } from "../metadata/types.js";
import { openDatastore } from "../datastore/open-datastore.js";
import { declarationsOf, type FlowClass } from "../flow/flow-class.js";
import { currentStorage, type CurrentContext } from "../flow/current.js";
import type { RunRecord } from "../metadata/types.js";
import { bindingKey, type NextCall, type TaskBinding } from "../flow/task-binding.js";
import type { SerializedError } from "../protocol/task-records.js";
import type { TaskSpec } from "../protocol/task-spec.js";
import { ArtifactState } from "./artifact-state.js";
import { ForeachView, foreachStackOf } from "./foreach-stack.js";
import { buildJoinInputs } from "./join-inputs.js";
import { loadFrameSources, loadJoinParents, loadParents } from "./load-parents.js";
import { mergeArtifacts } from "./merge-artifacts.js";
import { resolveTransition } from "./resolve-transition.js";
import type { StepDecoratorImplementation } from "../flow/decorator-behaviour.js";
import { describeFailure } from "./describe-failure.js";
import { composeStepMiddleware } from "./step-middleware.js";
import { configDeclarationsOf } from "../config/config-declaration.js";
import { defineConfigField } from "../config/config-fields.js";
import { configViewsInUse, unwrapConfigViews } from "../config/read-only-view.js";
import type { CardRenderer } from "../flow/card-renderer.js";
import { withRegisteredCardRenderers } from "../flow/card-renderer-registry.js";
import { startTaskCards, storedCardArtifacts } from "./cards/start-task-cards.js";
import type { TaskCards } from "./cards/task-cards.js";
import { announceStepStart } from "./step-start-signal.js";

/** How a task ended. */
export type TaskOutcome = { readonly status: "ok" } | { readonly status: "failed"; readonly error: unknown };

/** Loads the flow class from the code package at a local path. */
export type FlowClassLoader = (modulePath: string, flowFile: string) => Promise<FlowClass>;

/** Runs the task described by `spec`. Never throws for a failure of user code: returns it. */
export async function runTask(
  spec: TaskSpec,
  loadFlowClass: FlowClassLoader,
  decoratorImpls: readonly StepDecoratorImplementation[] = [],
  cardRenderers: readonly CardRenderer[] = [],
): Promise<TaskOutcome> {
  const { storage, metadata } = openDatastore(spec.datastoreRoot);
  const fds = new FlowDatastore(storage, spec.flowName);
  const run = await metadata.getRun(spec.flowName, spec.runId);
  const node = run?.graph.steps[spec.step];
  if (run === undefined || node === undefined) {
    throw new MetaflowError(ErrorCode.Internal, `run ${spec.flowName}/${spec.runId} or its step ${spec.step} is not registered`);
  }
  const tds = fds.task(spec.runId, spec.step, spec.taskId, spec.attempt);
  // A join keeps a small record per input (its index is read on use); only its first input is loaded
  // whole (the foreach stack, parameters and configs come from it).
  const joinParents = node.join ? await loadJoinParents(fds, spec.inputPaths) : [];
  const parents = await loadParents(fds, node.join ? spec.inputPaths.slice(0, 1) : spec.inputPaths);
  const stack = foreachStackOf(run.graph, node, parents, spec.splitIndex);
  const startedAt = new Date().toISOString();
  await tds.writeAttempt({
    attempt: spec.attempt,
    startedAt,
    pid: process.pid,
    inputPaths: spec.inputPaths,
    foreachStack: stack,
    ...(spec.splitIndex === undefined ? {} : { splitIndex: spec.splitIndex }),
  });
  // With the metadata service, the task says it is alive while it works.
  const ref = { flowName: spec.flowName, runId: spec.runId, step: spec.step, taskId: spec.taskId, attempt: spec.attempt };
  const stopHeartbeat = isLiveMetadataProvider(metadata) ? startHeartbeat(() => metadata.heartbeatAttempt(ref)) : undefined;
  let cards: TaskCards | undefined;
  try {
    const foreach = new ForeachView(await loadFrameSources(fds, stack, parents));
    const cls = await loadFlowClass(await codePackagePath(fds, spec.codePackage), run.flowFile);
    const instance = new cls();
    const state = new ArtifactState();
    const inherit = node.join ? [] : parents;
    for (const p of inherit) for (const [name, ref] of Object.entries(p.index)) state.addRef(name, ref, p.datastore);
    const declared = new Set<string>();
    const parameterNames = declarationsOf(instance).filter((d) => d.kind === "parameter").map((d) => d.field);
    for (const decl of declarationsOf(instance)) {
      declared.add(decl.field);
      const ref = parents[0]?.index[decl.field];
      if (ref !== undefined && parents[0] !== undefined) state.addRef(decl.field, ref, parents[0].datastore);
      state.markReadOnly(decl.field, decl.kind === "parameter" ? "parameter" : "included file");
    }
    const configs = configDeclarationsOf(instance);
    for (const decl of configs) {
      declared.add(decl.field);
      const ref = parents[0]?.index[decl.field];
      if (ref !== undefined && parents[0] !== undefined) state.addRef(decl.field, ref, parents[0].datastore);
      state.markReadOnly(decl.field, "config");
    }
    for (const key of Object.keys(instance)) {
      if (!declared.has(key)) state.addInitial(key, (instance as unknown as Record<string, unknown>)[key]);
    }
    for (const name of new Set([...Object.keys(instance), ...state.names()])) state.defineOn(instance, name);
    for (const decl of configs) defineConfigField(instance, decl, state);
    await state.prefetch();
    await foreach.prefetch();
    cards = startTaskCards({ spec, graph: run.graph, decorators: run.stepDecorators?.[spec.step] ?? [], renderers: withRegisteredCardRenderers(cardRenderers), tds, startedAt, state, parameterNames });

    let nextCall: NextCall | undefined;
    const binding: TaskBinding = {
      next(call) {
        if (nextCall !== undefined) throw new MetaflowError(ErrorCode.InvalidTransition, `Step ${spec.step} called this.next() twice; call it once, as the step's last statement.`, { source: node.nextSource });
        nextCall = call;
      },
      input: () => foreach.input(),
      index: () => foreach.index(),
      foreachStack: () => foreach.stack(),
      mergeArtifacts(_inputs, options) {
        if (!node.join) throw new MetaflowError(ErrorCode.UsageError, `Step ${spec.step} is not a join: mergeArtifacts(inputs) can only be called in a step that takes inputs.`);
        // Fields the join set without declaring them are values set here (they win over the inputs);
        // merged artifacts become readable fields of the instance.
        adoptPlainFields(instance, state);
        mergeArtifacts(spec.step, state, joinParents, options);
        for (const name of state.names()) if (Object.getOwnPropertyDescriptor(instance, name) === undefined) state.defineOn(instance, name);
      },
    };
    Object.defineProperty(instance, bindingKey, { value: binding, enumerable: false });

    const method = (instance as unknown as Record<string, unknown>)[spec.step];
    if (typeof method !== "function") {
      throw new MetaflowError(ErrorCode.FlowLoad, `The flow class has no step method '${spec.step}'; was the file changed since the run started?`);
    }
    const args = node.join ? [buildJoinInputs(joinParents)] : [];
    const runStep = composeStepMiddleware(
      run.stepDecorators?.[spec.step] ?? [],
      decoratorImpls,
      (d) => ({
        pathspec: tds.pathspec,
        step: spec.step,
        attempt: spec.attempt,
        maxRetries: spec.maxRetries,
        isLastAttempt: spec.attempt >= spec.maxRetries || spec.failureToCatch !== undefined,
        attributes: d.attributes,
        setArtifact: (name, value) => state.set(name, value),
        useDeclaredTransition: () => {
          const t = node.transition;
          nextCall = t.kind === "linear" ? { kind: "steps", targets: [t.to] } : t.kind === "branch" ? { kind: "steps", targets: t.to } : undefined;
        },
        log: (line) => process.stderr.write(`${line}\n`),
        formatError: describeFailure,
      }),
      async () => {
        const died = spec.failureToCatch;
        if (died !== undefined) {
          const message = `${died.message}; the step raised no exception (something in its environment ended it)`;
          throw Object.assign(new Error(message), { name: died.name, stack: `${died.name}: ${message}` });
        }
        await (method as (...a: unknown[]) => unknown).apply(instance, args);
      },
    );
    announceStepStart();
    await currentStorage.run(
      {
        flowName: spec.flowName,
        runId: spec.runId,
        stepName: spec.step,
        taskId: spec.taskId,
        retryCount: spec.attempt,
        maxRetries: spec.maxRetries,
        username: run.user,
        namespace: run.deployment === undefined ? `user:${run.user}` : `production:${run.deployment.token}`,
        tags: [...run.tags],
        parameterNames,
        card: cards.current,
        ...(run.originRunId === undefined ? {} : { originRunId: run.originRunId }),
        ...projectOfRun(run),
        ...(run.deployment?.trigger === undefined ? {} : { trigger: run.deployment.trigger }),
      },
      runStep,
    );
    const stepEndedAt = new Date().toISOString();
    // New fields the step created without declaring them are artifacts too.
    for (const key of Object.keys(instance)) {
      if (!state.has(key)) state.set(key, (instance as unknown as Record<string, unknown>)[key]);
    }
    // Values taken from a config (`this.x = this.config.model`) are stored as plain data.
    if (configViewsInUse()) for (const name of state.names()) if (state.isSetHere(name)) state.set(name, unwrapConfigViews(state.get(name)));
    const transition = resolveTransition(node, nextCall, (name) => state.get(name));
    const index = await state.persist(tds);
    await cards.finish({ status: "succeeded", finishedAt: stepEndedAt, ...storedCardArtifacts(index, tds, parameterNames) });
    // One record, written last: the artifact index and the done marker become visible together.
    await tds.writeDone({ status: "ok", attempt: spec.attempt, finishedAt: new Date().toISOString(), transition, foreachStack: stack, index });
    return { status: "ok" };
  } catch (error) {
    const e = serializeError(error);
    await cards?.finish({ status: "failed", finishedAt: new Date().toISOString(), error: { name: e.name, message: e.message } });
    await tds.writeDone({ status: "failed", attempt: spec.attempt, finishedAt: new Date().toISOString(), error: serializeError(error), foreachStack: stack });
    return { status: "failed", error };
  } finally {
    stopHeartbeat?.();
  }
}

/** Moves the plain (undeclared) fields set on the instance into `state`, behind accessors. */
function adoptPlainFields(instance: object, state: ArtifactState): void {
  for (const key of Object.keys(instance)) {
    const d = Object.getOwnPropertyDescriptor(instance, key);
    if (d === undefined || !("value" in d) || typeof d.value === "function") continue;
    state.set(key, d.value);
    state.defineOn(instance, key);
  }
}

/** The project of a run: its deployment's, else the local run's (`--branch`, `--production`; by default `user.<name>`). */
function projectOfRun(run: RunRecord): { project?: NonNullable<CurrentContext["project"]> } {
  if (run.deployment?.project !== undefined) return { project: run.deployment.project };
  if (run.project !== undefined) return { project: run.project };
  const name = run.flowDecorators?.find((d) => d.name === "project")?.attributes.name;
  if (typeof name !== "string") return {};
  const branch = `user.${run.user}`;
  return { project: { name, branch, production: false, flowName: `${name}.${branch}.${run.flowName}` } };
}

/** Turns any thrown value into data that crosses process boundaries. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}), ...(typeof code === "string" ? { code } : {}) };
  }
  return { name: "Error", message: String(error) };
}
