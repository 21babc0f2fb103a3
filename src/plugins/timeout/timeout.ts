/**
 * `@timeout({ seconds, minutes, hours })`: checks its attributes at deploy time. The scheduler
 * enforces the limit (it kills the task's process group), so a hung step cannot block it.
 * @module
 */
import { ErrorCode, MetaflowError } from "../../errors.js";
import type { StepDecoratorImplementation } from "../../public/plugin.js";

/** Behaviour of `@timeout` at deploy time. */
export const timeoutImplementation: StepDecoratorImplementation = {
  name: "timeout",
  validate({ step, attributes }) {
    for (const key of ["seconds", "minutes", "hours"] as const) {
      const v = attributes[key];
      if (v !== undefined && (typeof v !== "number" || !Number.isFinite(v) || v < 0)) {
        throw new MetaflowError(ErrorCode.UsageError, `@timeout on step ${step.name}: ${key} must be a number ≥ 0; got ${JSON.stringify(v)}.`, { source: step.source });
      }
    }
  },
};
