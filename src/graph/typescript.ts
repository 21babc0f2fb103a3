/**
 * The TypeScript compiler API (its parser only), loaded through `require`: importing the 9 MB
 * CommonJS file from ESM makes Node scan it for named exports, which costs ~200 ms per command.
 * @module
 */
import { createRequire } from "node:module";
import type * as TS from "typescript";

/** The `typescript` module. */
export const ts: typeof TS = createRequire(import.meta.url)("typescript") as typeof TS;
