/**
 * The behaviour of step decorators: each implementation may wrap the running of the step
 * (`wrapTask(ctx, next)`, like Hono's middleware) and may check its use when the flow is
 * deployed (`validate`). Built-ins live in plugins/; the composition roots pass them in.
 * @module
 */
import type { AppliedDecorator } from "./metadata-keys.js";
import type { FlowGraph, StepNode } from "../graph/types.js";
import { withUserStepDecorators } from "./user-step-decorators.js";

/** What a decorator's `wrapTask` can see and do. */
export interface StepTaskContext {
  /** `Flow/run/step/task` */
  readonly pathspec: string;
  readonly step: string;
  /** 0 on the first attempt. */
  readonly attempt: number;
  readonly maxRetries: number;
  /** Whether no retry follows this attempt if it fails. */
  readonly isLastAttempt: boolean;
  /** The decorator's attributes as used by this run. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Sets an artifact of the task. */
  setArtifact(name: string, value: unknown): void;
  /** Ends the step with the transition its source declares, as if it had called `this.next(...)`. */
  useDeclaredTransition(): void;
  /** Writes a line to the task's stderr. */
  log(line: string): void;
  /** An error as the task shows it: message and the user's stack frames. */
  formatError(error: unknown): string;
}

/** What a decorator's `validate` sees when the flow is deployed (or a local run starts). */
export interface StepValidateContext {
  readonly step: StepNode;
  readonly graph: FlowGraph;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** The behaviour of a step decorator. @experimental */
export interface StepDecoratorImplementation {
  /** Must match the name the decorator records (`createStepDecorator(name)`). */
  readonly name: string;
  /** Throws a MetaflowError when the decorator cannot be used on this step. */
  validate?(ctx: StepValidateContext): void;
  /** Wraps the running of the step; call `next()` to run it (and inner decorators). */
  wrapTask?(ctx: StepTaskContext, next: () => Promise<void>): Promise<void>;
}

/** Validates every decorator of every step against its implementation (built-in or the flow's own). */
export function validateStepDecorators(graph: FlowGraph, decorators: ReadonlyMap<string, readonly AppliedDecorator[]>, builtins: readonly StepDecoratorImplementation[]): void {
  const impls = withUserStepDecorators(builtins);
  for (const [step, list] of decorators) {
    const node = graph.steps[step];
    if (node === undefined) continue;
    for (const d of list) impls.find((i) => i.name === d.name)?.validate?.({ step: node, graph, attributes: d.attributes });
  }
}

