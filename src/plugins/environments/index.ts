/**
 * The built-in environment providers, handed to the runtime by the composition roots. Every run
 * asks which packages its steps declare (a light check of the decorators); the npm provider's
 * resolving, installing and packing are imported only when a run has `@npm` / `@npmBase` steps.
 * @module
 */
import type { EnvironmentProvider } from "../../public/plugin.js";
import { declaredPackageNames } from "./npm/package-requirements.js";

let provider: Promise<EnvironmentProvider> | undefined;
const npm = (): Promise<EnvironmentProvider> => (provider ??= import("./npm/npm-environment-provider.js").then((m) => new m.NpmEnvironmentProvider()));

/** The provider of `@npm` / `@npmBase` environments. */
export const npmEnvironments: EnvironmentProvider = {
  name: "npm",
  declaredPackages: (stepDecorators, flowDecorators) => declaredPackageNames(stepDecorators, flowDecorators),
  prepare: async (ctx) => (await npm()).prepare(ctx),
  plan: async (stepDecorators, flowDecorators, env) => (await npm()).plan(stepDecorators, flowDecorators, env),
  materialize: async (ctx) => (await npm()).materialize(ctx),
};
