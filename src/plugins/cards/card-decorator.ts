/**
 * `@card({ type, id, refreshInterval, timeout })`: checked when a run starts (known type,
 * identifier-like id, sensible numbers). The task runtime renders the cards with the renderers
 * the composition root gives it.
 * @module
 */
import { ErrorCode, MetaflowError } from "../../errors.js";
import type { CardRenderer, StepDecoratorImplementation } from "../../public/plugin.js";

/** The behaviour of `@card` for the given renderers. */
export function cardDecoratorImplementation(renderers: readonly CardRenderer[]): StepDecoratorImplementation {
  return {
    name: "card",
    validate({ step, attributes }) {
      const fail = (what: string): never => {
        throw new MetaflowError(ErrorCode.UsageError, `@card on step ${step.name}: ${what}`, { source: step.source });
      };
      const { type, id, refreshInterval, timeout } = attributes;
      if (type !== undefined && (typeof type !== "string" || !renderers.some((r) => r.type === type))) {
        fail(`unknown type ${JSON.stringify(type)}; use one of ${renderers.map((r) => JSON.stringify(r.type)).join(", ")}.`);
      }
      if (id !== undefined && (typeof id !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(id))) {
        fail(`id must be 1-64 letters, digits, '_' or '-'; got ${JSON.stringify(id)}.`);
      }
      for (const [key, v] of [["refreshInterval", refreshInterval], ["timeout", timeout]] as const) {
        if (v !== undefined && (typeof v !== "number" || !Number.isFinite(v) || v < 0)) fail(`${key} must be a number of seconds ≥ 0; got ${JSON.stringify(v)}.`);
      }
    },
  };
}
