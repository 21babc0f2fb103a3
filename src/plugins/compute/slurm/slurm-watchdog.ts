/**
 * Entry of the Slurm backend's orphan watchdog (see ../orphan-watchdog.ts): when the scheduler
 * dies without closing the backend, `scancel`s the jobs of its run still queued or running, by
 * job name (`metaflow-<flow>-<run>-<step>`: known before `sbatch` returns, and it covers every
 * element of a job array), with the scheduler's SLURM_CONF.
 * @module
 */
import { watchForOrphans } from "../orphan-watchdog.js";
import { slurmCommand } from "./slurm-command.js";

watchForOrphans(async (names) => {
  // A job that already ended cannot be cancelled: failures are ignored, one name at a time.
  for (const name of names) await slurmCommand("scancel", [`--name=${name}`], process.env).catch(() => undefined);
});
