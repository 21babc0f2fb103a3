/**
 * `@environment({ vars })`: the step runs with these environment variables set, and only it
 * (a warm worker thread gets its previous environment back when the step ends).
 * @module
 */
import { ErrorCode, MetaflowError } from "../../errors.js";
import type { StepDecoratorImplementation } from "../../public/plugin.js";

/** Behaviour of `@environment`. */
export const environmentImplementation: StepDecoratorImplementation = {
  name: "environment",
  validate({ step, attributes }) {
    const vars = attributes.vars;
    if (vars === undefined) return;
    if (typeof vars !== "object" || vars === null || Array.isArray(vars)) {
      throw new MetaflowError(ErrorCode.UsageError, `@environment on step ${step.name}: vars must be an object of NAME: "value"; got ${JSON.stringify(vars)}.`, { source: step.source });
    }
    for (const [k, v] of Object.entries(vars)) {
      if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
        throw new MetaflowError(ErrorCode.UsageError, `@environment on step ${step.name}: the value of ${k} must be a string; got ${JSON.stringify(v)}.`, { source: step.source });
      }
    }
  },
  async wrapTask(ctx, next) {
    const vars = (ctx.attributes.vars ?? {}) as Record<string, string | number | boolean>;
    const before = new Map<string, string | undefined>();
    for (const [k, v] of Object.entries(vars)) {
      before.set(k, process.env[k]);
      process.env[k] = String(v);
    }
    try {
      await next();
    } finally {
      for (const [k, v] of before) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  },
};
