/**
 * Runs Slurm's client commands (`sbatch`, `scontrol`, `scancel`, `sinfo`) as `SLURM_CONF` (or the
 * system's default configuration) tells them where the cluster is.
 * @module
 */
import { execFile } from "node:child_process";
import { ErrorCode, MetaflowError } from "../../../errors.js";

/** The output of a Slurm command that exited with 0. */
export interface SlurmCommandResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** A Slurm command that could not run or exited with an error. */
export class SlurmCommandError extends Error {
  override readonly name = "SlurmCommandError";
  constructor(
    readonly command: string,
    readonly stderr: string,
    readonly notInstalled: boolean,
  ) {
    super(notInstalled ? `${command} is not installed (or not on PATH)` : `${command} failed: ${stderr.trim() || "no output"}`);
  }
}

/** Runs `command args...` with `input` on its stdin; rejects with a {@link SlurmCommandError}. */
export function slurmCommand(command: string, args: readonly string[], env: NodeJS.ProcessEnv, input?: string): Promise<SlurmCommandResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, [...args], { env, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error === null) resolve({ stdout, stderr });
      else reject(new SlurmCommandError(command, stderr || error.message, (error as NodeJS.ErrnoException).code === "ENOENT"));
    });
    // A command that does not read its stdin may close it first: that is no error.
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(input ?? "");
  });
}

/** Where the Slurm commands look for the cluster, for messages. */
export function slurmConfName(env: NodeJS.ProcessEnv): string {
  return env.SLURM_CONF !== undefined && env.SLURM_CONF !== "" ? `SLURM_CONF=${env.SLURM_CONF}` : "the default configuration (/etc/slurm/slurm.conf; set SLURM_CONF to use another)";
}

/** A MetaflowError for a cluster that cannot be used, naming where its configuration comes from. */
export function unreachableCluster(env: NodeJS.ProcessEnv, cause: unknown): MetaflowError {
  const e = cause as SlurmCommandError;
  const what = e?.notInstalled
    ? `The Slurm client commands are not installed here (${e.command} not found on PATH). Install them (Debian: apt-get install slurm-client) and set SLURM_CONF to your cluster's slurm.conf.`
    : `Cannot reach the Slurm cluster configured by ${slurmConfName(env)}: ${(e?.stderr ?? String(cause)).trim()}. Check that slurmctld is running and that this machine can reach it (try: sinfo).`;
  return new MetaflowError(ErrorCode.Compute, what, { cause });
}
