/**
 * The built-in remote compute providers, handed to the scheduler by the composition roots
 * (`@slurm` → Slurm jobs, `@kubernetes` → Kubernetes Jobs).
 * @module
 */
import type { ComputeProvider } from "../../public/plugin.js";
import { kubernetesProvider } from "./kubernetes/kubernetes-provider.js";
import { slurmProvider } from "./slurm/slurm-provider.js";

/** Built-in compute providers, selected per step by their decorator. */
export const builtinComputeProviders: readonly ComputeProvider[] = [slurmProvider, kubernetesProvider];
