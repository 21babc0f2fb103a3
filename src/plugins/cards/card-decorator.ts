/**
 * `@card({ type, id, refreshInterval, timeout, customize })`: checked when a run starts (known
 * type: a built-in one or one the flow registered with `registerCardRenderer`; identifier-like
 * id; sensible numbers). The task runtime renders the cards with the same renderers.
 * @module
 */
import { ErrorCode, MetaflowError } from "../../errors.js";
import { withRegisteredCardRenderers } from "../../flow/card-renderer-registry.js";
import type { CardRenderer, StepDecoratorImplementation } from "../../public/plugin.js";

/** The behaviour of `@card` for the given renderers. */
export function cardDecoratorImplementation(builtins: readonly CardRenderer[]): StepDecoratorImplementation {
  return {
    name: "card",
    validate({ step, attributes }) {
      const fail = (what: string): never => {
        throw new MetaflowError(ErrorCode.UsageError, `@card on step ${step.name}: ${what}`, { source: step.source });
      };
      // Read at validation time: the flow module has loaded by now and registered its own types.
      const renderers = withRegisteredCardRenderers(builtins);
      const { type, id, refreshInterval, timeout, customize } = attributes;
      if (customize !== undefined && typeof customize !== "boolean") fail(`customize must be true or false; got ${JSON.stringify(customize)}.`);
      if (type !== undefined && (typeof type !== "string" || !renderers.some((r) => r.type === type))) {
        fail(`unknown type ${JSON.stringify(type)}; use one of ${renderers.map((r) => JSON.stringify(r.type)).join(", ")} (or register your own with registerCardRenderer from "metaflow-ts/plugin").`);
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
