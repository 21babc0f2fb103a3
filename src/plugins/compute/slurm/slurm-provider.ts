/**
 * The `slurm` compute provider: steps with `@slurm` (or every step with `--with slurm`) run as
 * Slurm jobs. Before anything is submitted it checks that the cluster answers, that the
 * partitions exist and that Slurm would accept each step's request (`sbatch --test-only`).
 * @module
 */
import os from "node:os";
import path from "node:path";
import { ErrorCode, MetaflowError } from "../../../errors.js";
import type { ComputeProvider, ComputeRunContext, ComputeStep } from "../../../public/plugin.js";
import { openSlurmBackend } from "./slurm-backend.js";
import { slurmCommand, SlurmCommandError, slurmConfName, unreachableCluster } from "./slurm-command.js";
import { partitionOf, sbatchOptions } from "./slurm-options.js";

/** Where a run's job output files go: a directory every node can write to. */
export function slurmLogDir(ctx: Pick<ComputeRunContext, "datastoreRoot" | "flowName" | "env">, runId: string): string {
  const base = ctx.env.METAFLOW_SLURM_LOG_DIR || (path.isAbsolute(ctx.datastoreRoot) ? path.join(ctx.datastoreRoot, ".slurm") : path.join(os.homedir(), ".metaflow-ts", "slurm"));
  return path.join(base, ctx.flowName, runId);
}

async function checkSteps(ctx: Omit<ComputeRunContext, "runId" | "codePath">): Promise<void> {
  let partitions: string[];
  try {
    // `%R`: partition name, one per line.
    partitions = (await slurmCommand("sinfo", ["-h", "-o", "%R"], ctx.env)).stdout.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  } catch (e) {
    throw unreachableCluster(ctx.env, e);
  }
  for (const s of ctx.steps) {
    const options = sbatchOptions(request(s), ctx.env);
    const partition = partitionOf(request(s), ctx.env);
    if (partition !== undefined && !partitions.includes(partition)) {
      const source = s.attributes.partition !== undefined ? `@slurm(partition) on step ${s.step}` : `METAFLOW_SLURM_PARTITION (step ${s.step})`;
      throw new MetaflowError(
        ErrorCode.Compute,
        `${source} names partition '${partition}', which the Slurm cluster of ${slurmConfName(ctx.env)} does not have. Its partitions: ${partitions.join(", ") || "(none)"}.`,
      );
    }
    try {
      await slurmCommand("sbatch", ["--test-only", ...options, "--wrap", "true"], ctx.env);
    } catch (e) {
      if (!(e instanceof SlurmCommandError) || e.notInstalled) throw unreachableCluster(ctx.env, e);
      throw new MetaflowError(ErrorCode.Compute, `Slurm would not accept the jobs of step ${s.step} (${options.join(" ") || "no options"}): ${e.stderr.trim()}. Change @slurm/@resources on that step.`);
    }
  }
}

function request(s: ComputeStep) {
  return { step: s.step, attributes: s.attributes, resources: s.resources, ...(s.timeoutMs === undefined ? {} : { timeoutMs: s.timeoutMs }) };
}

/** Runs steps as Slurm jobs through sbatch/scontrol/scancel. */
export const slurmProvider: ComputeProvider = {
  name: "slurm",
  check: checkSteps,
  open: async (ctx) => openSlurmBackend({ flowName: ctx.flowName, logDir: slurmLogDir(ctx, ctx.runId), cwd: ctx.cwd, env: ctx.env }),
};
