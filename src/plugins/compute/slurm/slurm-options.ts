/**
 * What to ask `sbatch` for a step: partition, account, QoS, wall-clock limit, CPUs, memory (MB)
 * and GPUs, from `@slurm`, `@resources` and `@timeout`. Pure; malformed values are MetaflowErrors.
 * @module
 */
import { ErrorCode, MetaflowError } from "../../../errors.js";
import type { ComputeResources } from "../../../public/plugin.js";

/** A step's Slurm request. */
export interface SlurmRequest {
  readonly step: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly resources: ComputeResources;
  readonly timeoutMs?: number;
}

// Slurm's --time formats: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S.
const timeFormat = /^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2}|UNLIMITED|INFINITE)$/i;

/** The partition a step asks for: `@slurm({ partition })`, else `$METAFLOW_SLURM_PARTITION`, else the cluster's default. */
export function partitionOf(r: SlurmRequest, env: NodeJS.ProcessEnv): string | undefined {
  const p = r.attributes.partition ?? env.METAFLOW_SLURM_PARTITION;
  return p === undefined || p === "" ? undefined : String(p);
}

/** The `sbatch` options of a step (without output files or the array). */
export function sbatchOptions(r: SlurmRequest, env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  const text = (key: string): string | undefined => {
    const v = r.attributes[key];
    if (v === undefined || v === null || v === "") return undefined;
    if (typeof v !== "string" || /\s/.test(v)) throw bad(r.step, key, v, "a name without spaces");
    return v;
  };
  const partition = partitionOf(r, env);
  if (partition !== undefined) {
    if (/\s/.test(partition)) throw bad(r.step, "partition", partition, "a partition name");
    out.push(`--partition=${partition}`);
  }
  const account = text("account");
  if (account !== undefined) out.push(`--account=${account}`);
  const qos = text("qos");
  if (qos !== undefined) out.push(`--qos=${qos}`);
  const time = r.attributes.time;
  if (time !== undefined && time !== null && time !== "") {
    const t = typeof time === "number" && Number.isInteger(time) && time > 0 ? String(time) : time;
    if (typeof t !== "string" || !timeFormat.test(t)) throw bad(r.step, "time", time, `Slurm's --time format: minutes ("30"), "H:MM:SS" or "D-HH:MM:SS"`);
    out.push(`--time=${t}`);
  } else if (r.timeoutMs !== undefined) {
    // The scheduler cancels the job at the @timeout (to the second); Slurm's own limit (in minutes) is a safety net.
    out.push(`--time=${Math.ceil(r.timeoutMs / 60_000) + 1}`);
  }
  const { cpu, memory, gpu } = r.resources;
  if (cpu !== undefined && cpu > 0) out.push(`--cpus-per-task=${Math.ceil(cpu)}`);
  if (memory !== undefined && memory > 0) out.push(`--mem=${Math.ceil(memory)}M`);
  if (gpu !== undefined && gpu > 0) out.push(`--gres=gpu:${gpu}`);
  return out;
}

function bad(step: string, key: string, value: unknown, expected: string): MetaflowError {
  return new MetaflowError(ErrorCode.UsageError, `@slurm(${key}) on step ${step}: expected ${expected}; got ${JSON.stringify(value)}.`);
}
