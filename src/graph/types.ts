/**
 * The flow graph, as built from the flow's TypeScript source (no user code runs).
 * Pure data: safe to JSON-serialize and store with a run.
 * @module
 */
import type { SourceLocation } from "../errors.js";

/** What a step does when it ends: the argument shape of its last `this.next(...)` call. */
export type Transition =
  /** `this.next(this.a)` */
  | { readonly kind: "linear"; readonly to: string }
  /** `this.next(this.a, this.b, ...)`: a static split; every target runs. */
  | { readonly kind: "branch"; readonly to: readonly string[] }
  /** `this.next(this.body, { foreach: "items" })` */
  | { readonly kind: "foreach"; readonly to: string; readonly over: string }
  /** `this.next({ a: this.x, b: this.y }, { condition: "var" })` */
  | { readonly kind: "switch"; readonly cases: Readonly<Record<string, string>>; readonly condition: string }
  /** No `next()` call: only valid for the `end` step. */
  | { readonly kind: "end" };

/** A decorator as written in the source above a step or the flow class. */
export interface DecoratorRef {
  /** Decorator name, e.g. `retry` for `@retry({ times: 2 })`. */
  readonly name: string;
  /** Source text of the arguments, e.g. `{ times: 2 }`; undefined for a bare `@retry`. */
  readonly argsText?: string;
  readonly source: SourceLocation;
}

/** One `@step` method. */
export interface StepNode {
  readonly name: string;
  readonly transition: Transition;
  /** True when the method declares a parameter (`join(inputs)`): it joins a split. */
  readonly join: boolean;
  /** Location of the method name. */
  readonly source: SourceLocation;
  /** Location of the `this.next(...)` call, when there is one. */
  readonly nextSource?: SourceLocation;
  /** Decorators other than `@step`, top to bottom as written. */
  readonly decorators: readonly DecoratorRef[];
  /** The method's doc comment (JSDoc text without the comment markers). */
  readonly doc?: string;
  /** Steps whose transitions lead here. */
  readonly inFuncs: readonly string[];
  /** The enclosing splits (branch or foreach steps), outermost first, that are not yet joined here. */
  readonly splitParents: readonly string[];
  /** For a join: the split step it closes. */
  readonly matchingSplit?: string;
  /** How many parameters the method declares (0 for a normal step, 1 for a join). */
  readonly parameterCount?: number;
  /**
   * Set when the step calls `this.next(...)` in a form that is not a valid transition
   * (the reason, in words); `transition` is then `{ kind: "end" }` and `nextSource` points at the call.
   */
  readonly transitionError?: string;
}

/** The whole flow graph. `steps` is keyed by step name; `order` lists steps start-first, `end` last. */
export interface FlowGraph {
  /** Name of the flow class, which is also the flow name. */
  readonly flowName: string;
  readonly file: string;
  readonly source: SourceLocation;
  readonly doc?: string;
  readonly decorators: readonly DecoratorRef[];
  readonly steps: Readonly<Record<string, StepNode>>;
  readonly order: readonly string[];
}
