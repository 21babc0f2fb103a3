/**
 * Factories for step- and flow-level decorators (`@retry`, `@retry({ times: 3 })`,
 * `@schedule({...})`). A decorator only records its name and attributes on the class;
 * what it does at run time lives in its plugin. Attributes may hold deferred config values
 * (`config.resources.cpu`, `configExpr(...)`), resolved when the flow is deployed.
 * @module
 */
import { copyAttributes } from "../config/deferred-value.js";
import { ErrorCode, MetaflowError } from "../errors.js";
import { MetaKey, pushMeta, pushStepMeta, type AppliedDecorator } from "./metadata-keys.js";
import type { StepDecoratorImplementation } from "./decorator-behaviour.js";
import { registerUserStepDecorator } from "./user-step-decorators.js";
import { mutateFlow, type MutableFlow } from "./flow-mutation.js";

type AnyMethod = (this: unknown, ...args: never[]) => unknown;
type MethodDecorator = <M extends AnyMethod>(method: M, context: ClassMethodDecoratorContext) => M;
type ClassDecorator = <C extends abstract new (...args: never[]) => unknown>(cls: C, context: ClassDecoratorContext) => C;

/** A step decorator usable bare (`@retry`) or with attributes (`@retry({ times: 3 })`). */
export interface StepDecoratorFunction<A extends object> {
  (attributes?: A): MethodDecorator;
  <M extends AnyMethod>(method: M, context: ClassMethodDecoratorContext): M;
  /** The decorator's name, as used by `--with NAME`. */
  readonly decoratorName: string;
}

/** A flow decorator taking attributes (`@schedule({ cron: "0 * * * *" })`). */
export interface FlowDecoratorFunction<A extends object> {
  (attributes?: A): ClassDecorator;
  readonly decoratorName: string;
}

/** Options of {@link createStepDecorator}. */
export interface StepDecoratorOptions {
  /** The attribute names the decorator takes (`--with NAME:key=v` refuses others); omitted: any. */
  readonly attributes?: readonly string[];
  /**
   * What the decorator does: wraps the running of each step it decorates (call `next()` to run the
   * step and the decorators inside this one). Given here, it works in the flow file itself.
   */
  readonly wrapTask?: StepDecoratorImplementation["wrapTask"];
  /** Checks the decorator's use on a step before the run starts; throws a MetaflowError saying what to change. */
  readonly validate?: StepDecoratorImplementation["validate"];
}

/** Every step decorator created so far (in any copy of this module): name -> attribute names. */
const registry: Map<string, readonly string[] | undefined> = ((globalThis as Record<symbol, unknown>)[Symbol.for("metaflow-ts.stepDecorators")] ??= new Map()) as Map<string, readonly string[] | undefined>;

/** The step decorators known to this process (built-ins and the ones the loaded flow created), with their attribute names. */
export function knownStepDecorators(): ReadonlyMap<string, readonly string[] | undefined> {
  return registry;
}

/**
 * Creates a step decorator that records `{ name, attributes }` for the step it decorates; with
 * `wrapTask` (and `validate`) in the options it also has behaviour, wherever the flow runs.
 *
 * @example
 * ```ts
 * export const retry = createStepDecorator<{ times?: number }>("retry", { attributes: ["times"] });
 * const timed = createStepDecorator("timed", {
 *   async wrapTask(ctx, next) { const t = Date.now(); await next(); ctx.setArtifact("ms", Date.now() - t); },
 * });
 * ```
 */
export function createStepDecorator<A extends object>(name: string, options: StepDecoratorOptions = {}): StepDecoratorFunction<A> {
  registry.set(name, options.attributes === undefined ? undefined : [...options.attributes]);
  if (options.wrapTask !== undefined || options.validate !== undefined) {
    registerUserStepDecorator({
      name,
      ...(options.wrapTask === undefined ? {} : { wrapTask: options.wrapTask }),
      ...(options.validate === undefined ? {} : { validate: options.validate }),
    });
  }
  const record = (attributes: A | undefined): MethodDecorator =>
    (method, context) => {
      if (context?.kind !== "method") {
        throw new MetaflowError(ErrorCode.FlowLoad, `@${name} decorates step methods; put it above @step.`);
      }
      const applied: AppliedDecorator = { name, attributes: copyAttributes(attributes) };
      pushStepMeta(context.metadata, MetaKey.stepDecorators, String(context.name), applied);
      return method;
    };
  const decorator = ((first?: unknown, second?: unknown) => {
    if (typeof first === "function" && isMethodContext(second)) return record(undefined)(first as AnyMethod, second);
    if (first !== undefined && (typeof first !== "object" || first === null)) {
      throw new MetaflowError(ErrorCode.FlowLoad, `@${name}(...) takes an object of attributes, e.g. @${name}({ ... }); got ${typeof first}.`);
    }
    return record(first as A | undefined);
  }) as StepDecoratorFunction<A>;
  Object.defineProperty(decorator, "decoratorName", { value: name });
  return decorator;
}

/** Options of {@link createFlowDecorator}. */
export interface FlowDecoratorOptions<A extends object> {
  /**
   * Changes the flow when the class is defined (a flow mutator): e.g. adds a step decorator to
   * every step. Runs wherever the flow module loads (the run, each task, a deployment).
   */
  readonly mutate?: (flow: MutableFlow, attributes: Readonly<Partial<A>>) => void;
}

/**
 * Creates a flow (class) decorator that records `{ name, attributes }` on the flow class, and with
 * `mutate` in the options changes the flow.
 *
 * @example
 * ```ts
 * const retryAll = createFlowDecorator<{ times?: number }>("retryAll", {
 *   mutate(flow, { times = 2 }) { for (const s of flow.steps) flow.addStepDecorator(s, retry, { times }); },
 * });
 * ```
 */
export function createFlowDecorator<A extends object>(name: string, options: FlowDecoratorOptions<A> = {}): FlowDecoratorFunction<A> {
  const decorator = ((attributes?: A): ClassDecorator =>
    (cls, context) => {
      if (context?.kind !== "class") {
        throw new MetaflowError(ErrorCode.FlowLoad, `@${name} decorates a flow class; put it above \`class ... extends FlowSpec\`.`);
      }
      pushMeta(context.metadata, MetaKey.flowDecorators, { name, attributes: copyAttributes(attributes) });
      if (options.mutate !== undefined) mutateFlow(String(context.name ?? cls.name), context.metadata as DecoratorMetadataObject, name, (flow) => options.mutate!(flow, (attributes ?? {}) as Partial<A>));
      return cls;
    }) as FlowDecoratorFunction<A>;
  Object.defineProperty(decorator, "decoratorName", { value: name });
  return decorator;
}

function isMethodContext(x: unknown): x is ClassMethodDecoratorContext {
  return typeof x === "object" && x !== null && (x as { kind?: unknown }).kind === "method";
}
