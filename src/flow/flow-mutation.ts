/**
 * Flow decorators that change the flow they decorate (Metaflow's flow mutators): a decorator made
 * with `createFlowDecorator(name, { mutate })` gets a {@link MutableFlow} when the class is defined,
 * after its steps and their decorators are known, and may add step decorators. What it adds is
 * recorded like a decorator written in the source, so the run, every task and deployments see it.
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import { MetaKey, pushStepMeta, type AppliedDecorator } from "./metadata-keys.js";
import { copyAttributes } from "../config/deferred-value.js";

/** What a flow decorator's `mutate` sees of the flow and may change. */
export interface MutableFlow {
  /** The flow class's name. */
  readonly name: string;
  /** The step names, in declaration order. */
  readonly steps: readonly string[];
  /** The decorators of a step so far (innermost first, as written bottom-up). */
  decoratorsOf(step: string): readonly AppliedDecorator[];
  /**
   * Adds a step decorator (a decorator function such as `retry`, or a decorator's name) to a step,
   * as if written above its `@step`. A step that already has a decorator of that name keeps its own
   * (as `--with` does). Attributes may hold config values (resolved when the run starts).
   */
  addStepDecorator(step: string, decorator: string | { readonly decoratorName: string }, attributes?: Readonly<Record<string, unknown>>): void;
}

/** Calls `mutate` with a {@link MutableFlow} over a class's decorator metadata. */
export function mutateFlow(flowName: string, metadata: DecoratorMetadataObject, decoratorName: string, mutate: (flow: MutableFlow) => void): void {
  const meta = metadata as unknown as Record<symbol, unknown>;
  const steps = [...new Set((meta[MetaKey.steps] as string[] | undefined) ?? [])];
  const decoratorsOf = (step: string): readonly AppliedDecorator[] => [...(((meta[MetaKey.stepDecorators] as Record<string, AppliedDecorator[]> | undefined) ?? {})[step] ?? [])];
  const flow: MutableFlow = {
    name: flowName,
    steps,
    decoratorsOf,
    addStepDecorator(step, decorator, attributes) {
      if (!steps.includes(step)) {
        throw new MetaflowError(ErrorCode.FlowLoad, `@${decoratorName}: ${flowName} has no step '${step}' to add a decorator to. Its steps: ${steps.join(", ") || "none"}.`);
      }
      const name = typeof decorator === "string" ? decorator : decorator?.decoratorName;
      if (typeof name !== "string" || name === "") {
        throw new MetaflowError(ErrorCode.FlowLoad, `@${decoratorName}: addStepDecorator(step, decorator) takes a step decorator (e.g. retry) or its name.`);
      }
      if (decoratorsOf(step).some((d) => d.name === name)) return;
      pushStepMeta(metadata, MetaKey.stepDecorators, step, { name, attributes: copyAttributes(attributes) } satisfies AppliedDecorator);
    },
  };
  mutate(flow);
}
