/**
 * The built-in environment providers, handed to the runtime by the composition roots.
 * @module
 */
import type { EnvironmentProvider } from "../../public/plugin.js";
import { NpmEnvironmentProvider } from "./npm/npm-environment-provider.js";

/** The provider of `@npm` / `@npmBase` environments. */
export const npmEnvironments: EnvironmentProvider = new NpmEnvironmentProvider();
