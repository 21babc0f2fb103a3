/**
 * The seam between a FlowSpec instance and the task runtime that drives it. FlowSpec's
 * methods delegate here; the task runtime implements it. Keeps flow/ free of task/.
 * @module
 */

/** A frame of `this.foreachStack()`: where this task sits in one enclosing foreach. */
export interface ForeachStackFrame {
  /** The foreach step that split. */
  readonly step: string;
  /** This branch's index, 0-based. */
  readonly index: number;
  /** Number of branches of that split. */
  readonly count: number;
  /** The item of this branch (loaded on first read). */
  readonly value: unknown;
}

/** Options of `mergeArtifacts`. */
export interface MergeOptions {
  /** Merge only these artifacts (each must exist in some input). */
  readonly include?: readonly string[];
  /** Never merge these. */
  readonly exclude?: readonly string[];
}

/** A `this.next(...)` call, with step methods resolved to names. */
export type NextCall =
  | { readonly kind: "steps"; readonly targets: readonly string[] }
  | { readonly kind: "foreach"; readonly target: string; readonly over: string }
  | { readonly kind: "switch"; readonly cases: Readonly<Record<string, string>>; readonly condition: string };

/** @internal Implemented by the task runtime for the instance it runs. */
export interface TaskBinding {
  next(call: NextCall): void;
  input(): unknown;
  index(): number | undefined;
  foreachStack(): ForeachStackFrame[];
  mergeArtifacts(inputs: unknown, options: MergeOptions): void;
}

/** Symbol under which a FlowSpec instance holds its binding (the task runtime sets it). */
export const bindingKey: unique symbol = Symbol("metaflow-ts.binding");
