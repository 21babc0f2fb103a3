/**
 * Maps over a list with at most `limit` calls in flight, keeping the order of the results.
 * A join over thousands of inputs reads their records this way, so that the reads (and the
 * buffers and promises behind them) do not all exist at once; `Runner.sweep` runs its variants
 * this way too.
 * @module
 */

/** `Promise.all(items.map(fn))` with at most `limit` calls of `fn` running at a time. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
