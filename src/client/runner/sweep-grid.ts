/**
 * Sweeps: the variants of a grid of parameter and config values (their cartesian product),
 * and a pool that runs jobs with bounded concurrency. Pure apart from the jobs it runs.
 * @module
 */
import { ErrorCode, MetaflowError } from "../../errors.js";
import { mapBounded as mapWithLimit } from "../../async/map-bounded.js";

/** Values to try, by parameter (or config) name. */
export type Grid = Readonly<Record<string, readonly unknown[]>>;

/** One point of a sweep: a value for each swept parameter and config. */
export interface SweepVariant {
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly configs: Readonly<Record<string, unknown>>;
}

/**
 * Every combination of the values of `parameters` and `configs`, in a stable order (the last
 * name varies fastest). An empty grid is one variant with nothing set.
 */
export function expandGrid(parameters: Grid = {}, configs: Grid = {}): SweepVariant[] {
  const axes = [...Object.entries(parameters).map(([n, v]) => ["parameters", n, v] as const), ...Object.entries(configs).map(([n, v]) => ["configs", n, v] as const)];
  for (const [kind, name, values] of axes) {
    if (!Array.isArray(values) || values.length === 0) {
      throw new MetaflowError(ErrorCode.UsageError, `Sweep ${kind}.${name} must be a non-empty array of values to try; got ${JSON.stringify(values)}.`);
    }
  }
  let variants: SweepVariant[] = [{ parameters: {}, configs: {} }];
  for (const [kind, name, values] of axes) {
    variants = variants.flatMap((v) => values.map((value) => ({ ...v, [kind]: { ...v[kind], [name]: value } })));
  }
  return variants;
}

/** Runs `job` over `items`, at most `concurrency` at a time; results in the order of `items`. */
export async function mapBounded<T, R>(items: readonly T[], concurrency: number, job: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new MetaflowError(ErrorCode.UsageError, `Sweep concurrency must be a whole number ≥ 1; got ${concurrency}.`);
  }
  return mapWithLimit(items, concurrency, job);
}
