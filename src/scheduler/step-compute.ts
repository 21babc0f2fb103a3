/**
 * Which compute backend each step uses, and what it asks for: a step carrying the decorator of a
 * registered provider (`@slurm`, `@kubernetes`, or `--with slurm`) runs there, every other step
 * locally. `@resources` and the backend decorator's `cpu`/`memory`/`gpu`/`disk` are merged; the
 * larger value wins (as in Metaflow).
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import type { AppliedDecorator } from "../flow/metadata-keys.js";
import type { ComputeProvider, ComputeResources } from "../protocol/compute.js";

/** The backend choice of one step: `provider` undefined means local. */
export interface StepComputeChoice {
  readonly provider?: ComputeProvider;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly resources: ComputeResources;
}

const resourceKeys = ["cpu", "memory", "gpu", "disk"] as const;

/** Chooses the backend of `step` from its decorators; throws when it names two. */
export function chooseStepCompute(step: string, decorators: readonly AppliedDecorator[], providers: readonly ComputeProvider[]): StepComputeChoice {
  const remote = decorators.flatMap((d) => {
    const provider = providers.find((p) => p.name === d.name);
    return provider === undefined ? [] : [{ provider, decorator: d }];
  });
  if (remote.length > 1) {
    throw new MetaflowError(
      ErrorCode.UsageError,
      `Step ${step} has both @${remote[0]?.decorator.name} and @${remote[1]?.decorator.name}: a step runs on one compute backend. Remove one of them (or the --with option that adds it).`,
    );
  }
  const chosen = remote[0];
  const own = decorators.find((d) => d.name === "resources")?.attributes ?? {};
  const resources: Record<string, number> = {};
  for (const key of resourceKeys) {
    const values = [readResource(step, "resources", key, own[key]), readResource(step, chosen?.decorator.name, key, chosen?.decorator.attributes[key])];
    const defined = values.filter((v): v is number => v !== undefined);
    if (defined.length > 0) resources[key] = Math.max(...defined);
  }
  return { ...(chosen === undefined ? {} : { provider: chosen.provider }), attributes: chosen?.decorator.attributes ?? {}, resources };
}

function readResource(step: string, decorator: string | undefined, key: string, value: unknown): number | undefined {
  if (value === undefined || value === null || decorator === undefined) return undefined;
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n) || n < 0 || (key !== "cpu" && !Number.isInteger(n))) {
    const unit = key === "memory" || key === "disk" ? " (in MB, e.g. 4096)" : key === "cpu" ? " (e.g. 2 or 0.5)" : " (a whole number)";
    throw new MetaflowError(ErrorCode.UsageError, `@${decorator}(${key}) on step ${step}: expected a number ≥ 0${unit}; got ${JSON.stringify(value)}.`);
  }
  return n;
}
