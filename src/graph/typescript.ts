/**
 * The TypeScript compiler API (its parser only), loaded through `require`: importing the 9 MB
 * CommonJS file from ESM makes Node scan it for named exports, which costs ~200 ms per command.
 * @module
 */
import { createRequire } from "node:module";
import type * as TS from "typescript";

let loaded: typeof TS | undefined;

/**
 * The `typescript` module, required on first use: commands that never parse a flow (dump, logs,
 * tag...) do not pay for loading it.
 */
export const ts: typeof TS = new Proxy({} as typeof TS, {
  get: (_target, key) => (loaded ??= createRequire(import.meta.url)("typescript") as typeof TS)[key as keyof typeof TS],
});
