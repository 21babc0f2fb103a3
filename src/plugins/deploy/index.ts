/**
 * The built-in deployers (production schedulers), registered by the composition roots: Argo
 * Workflows. Registering is cheap: each deployer loads its compiler and client on first use.
 * @module
 */
import { registerDeployer } from "../../public/plugin.js";
import { argoWorkflowsDeployer } from "./argo/argo-deployer.js";

/** Registers the built-in deployers (`argo-workflows`); idempotent. */
export function registerBuiltinDeployers(): void {
  registerDeployer(argoWorkflowsDeployer);
}
