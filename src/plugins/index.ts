/**
 * The built-in plugins, handed to the runtime by the composition roots: step decorator
 * implementations, and the storage and metadata backends ({@link registerBuiltinBackends}).
 * @module
 */
import type { StepDecoratorImplementation } from "../public/plugin.js";
import { catchErrorImplementation } from "./catch-error/catch-error.js";
import { environmentImplementation } from "./environment/environment.js";
import { registerServiceMetadata } from "./metadata/service/index.js";
import { registerLocalBackends } from "./storage/local/index.js";
import { registerS3Storage } from "./storage/s3/index.js";
import { timeoutImplementation } from "./timeout/timeout.js";
import { cardImplementation } from "./cards/index.js";

/** Built-in step decorator behaviours. */
export const builtinStepDecorators: readonly StepDecoratorImplementation[] = [catchErrorImplementation, timeoutImplementation, cardImplementation, environmentImplementation];

/** Registers the built-in storage backends (local directory, `s3://`) and metadata providers (datastore, service); idempotent. */
export function registerBuiltinBackends(): void {
  registerLocalBackends();
  registerServiceMetadata();
  registerS3Storage();
}
export { builtinCardRenderers } from "./cards/index.js";
export { registerBuiltinDeployers } from "./deploy/index.js";
