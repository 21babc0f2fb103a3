/**
 * `@catchError({ var, printException })` (Metaflow's `@catch`): when the last attempt of a step
 * fails, stores the exception in an artifact, lets the task succeed and the flow go on.
 * @module
 */
import { ErrorCode, MetaflowError } from "../../errors.js";
import type { StepDecoratorImplementation } from "../../public/plugin.js";

/** The exception as stored in the `var` artifact. */
export interface CaughtException {
  readonly type: string;
  readonly message: string;
  readonly stack?: string;
}

/** Behaviour of `@catchError`. */
export const catchErrorImplementation: StepDecoratorImplementation = {
  name: "catchError",
  validate({ step, attributes }) {
    const kind = step.transition.kind;
    if (kind === "foreach" || kind === "switch") {
      throw new MetaflowError(
        ErrorCode.UsageError,
        `@catchError cannot be used on step ${step.name}: it is a ${kind === "foreach" ? "foreach split" : "switch"}, and when it fails there is no way to know where the flow goes next. ` +
          "Move the risky code into a step of its own and put @catchError there.",
        { source: step.source },
      );
    }
    const v = attributes.var;
    if (v !== undefined && (typeof v !== "string" || !/^[A-Za-z_$][\w$]*$/.test(v))) {
      throw new MetaflowError(ErrorCode.UsageError, `@catchError on step ${step.name}: var must be an artifact name (an identifier); got ${JSON.stringify(v)}.`, { source: step.source });
    }
  },
  async wrapTask(ctx, next) {
    try {
      await next();
    } catch (error) {
      if (!ctx.isLastAttempt) throw error;
      const e = error instanceof Error ? error : new Error(String(error));
      const caught: CaughtException = { type: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
      const name = ctx.attributes.var;
      if (typeof name === "string") ctx.setArtifact(name, caught);
      if (ctx.attributes.printException !== false) {
        ctx.log(`@catchError caught an exception in ${ctx.pathspec}${typeof name === "string" ? ` (stored in '${name}')` : ""}:`);
        ctx.log(ctx.formatError(e));
      }
      ctx.useDeclaredTransition();
    }
  },
};
