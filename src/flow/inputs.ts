/**
 * The type of a join step's `inputs`.
 * @module
 */
import type { FlowSpec } from "./flow-spec.js";

type StepKeys<F> = {
  [K in Exclude<keyof F, keyof FlowSpec>]: F[K] extends (...args: never[]) => unknown ? K : never;
}[Exclude<keyof F, keyof FlowSpec>];

/**
 * A join step's inputs: one read-only view of each parent task's artifacts. Iterable,
 * indexable (`inputs[0].x`) and addressable by the parent step's name (`inputs.a.x`).
 *
 * @example
 * ```ts
 * @step join(inputs: Inputs<MyFlow>) { this.total = inputs.a.x + inputs.b.x; this.next(this.end); }
 * ```
 */
export type Inputs<F> = ReadonlyArray<Readonly<F>> & { readonly [K in StepKeys<F>]: Readonly<F> };
