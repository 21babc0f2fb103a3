/**
 * A compute provider known by its name, whose implementation is imported the first time a run
 * uses it (a step with its decorator): runs that use none do not load or compile it.
 * @module
 */
import type { ComputeProvider } from "../../public/plugin.js";

/** The provider named `name`, loaded by `load` on its first `check` or `open` (once). */
export function lazyComputeProvider(name: string, load: () => Promise<ComputeProvider>): ComputeProvider {
  let loaded: Promise<ComputeProvider> | undefined;
  const provider = (): Promise<ComputeProvider> => (loaded ??= load());
  return {
    name,
    check: async (ctx) => (await provider()).check?.(ctx),
    open: async (ctx) => (await provider()).open(ctx),
  };
}
