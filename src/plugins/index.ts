/**
 * The built-in step decorator implementations, handed to the runtime by the composition roots.
 * @module
 */
import type { StepDecoratorImplementation } from "../public/plugin.js";
import { catchErrorImplementation } from "./catch-error/catch-error.js";
import { timeoutImplementation } from "./timeout/timeout.js";

/** Built-in step decorator behaviours. */
export const builtinStepDecorators: readonly StepDecoratorImplementation[] = [catchErrorImplementation, timeoutImplementation];
