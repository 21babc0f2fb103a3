/**
 * The built-in remote compute providers, handed to the scheduler by the composition roots
 * (`@slurm` → Slurm jobs, `@kubernetes` → Kubernetes Jobs). Each is registered by name and
 * imported only when a run has a step that uses it.
 * @module
 */
import type { ComputeProvider } from "../../public/plugin.js";
import { lazyComputeProvider } from "./lazy-provider.js";

/** Built-in compute providers, selected per step by their decorator. */
export const builtinComputeProviders: readonly ComputeProvider[] = [
  lazyComputeProvider("slurm", async () => (await import("./slurm/slurm-provider.js")).slurmProvider),
  lazyComputeProvider("kubernetes", async () => (await import("./kubernetes/kubernetes-provider.js")).kubernetesProvider),
];
