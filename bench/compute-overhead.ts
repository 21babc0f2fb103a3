/**
 * `npm run bench:compute [-- --reps N]`: the cost of running a task on Slurm instead of locally.
 *
 * Needs a Slurm cluster (SLURM_CONF; `.ci/services/20-slurm.sh` starts a one-node one). Runs through
 * the built CLI, in a fresh datastore per repetition:
 *   C1  bench/flows/linear.ts (4 trivial tasks in a line) locally, then with `--with slurm`
 *       (4 jobs one after the other): per-task overhead = (slurm − local) / 4;
 *   C2  bench/flows/foreach.ts --n 20 with `--with slurm --max-workers 20` (one job array of 20)
 *       against the same run locally: per foreach task = (slurm − local) / 20.
 * Prints medians and min–max (seconds). Never run it in a loop: it occupies the cluster.
 * @module
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { execCli, freshDir, removeDir, repoRoot } from "./lib/measure.js";
import { sampleCpuUse } from "./lib/cpu-use.js";
import { describeMachine, machineInfo, median } from "./lib/report.js";

const { values } = parseArgs({ options: { reps: { type: "string", default: "5" } }, strict: true });
const reps = Number(values.reps);
if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps must be a whole number ≥ 1; got ${values.reps}`);
if (!process.env.SLURM_CONF) console.error("SLURM_CONF is not set: the Slurm commands use /etc/slurm/slurm.conf.");

const flow = (name: string): string => path.join(repoRoot, "bench", "flows", name);

/** Wall time (s) of one run of `args` in a fresh directory. */
async function once(args: readonly string[]): Promise<number> {
  const dir = freshDir("compute");
  try {
    const e = await execCli(["run", ...args, "--datastore-root", path.join(dir, ".metaflow")], { cwd: dir, expectOutput: /Done!/ });
    return e.wallMs / 1000;
  } finally {
    await removeDir(dir);
  }
}

const fmt = (xs: readonly number[]): string => `${median(xs).toFixed(2)} s (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;

const cases = [
  { id: "C1", title: "4 linear trivial tasks", tasks: 4, args: [flow("linear.ts"), "--max-workers", "4"] },
  { id: "C2", title: "foreach of 20 trivial tasks", tasks: 20, args: [flow("foreach.ts"), "--n", "20", "--max-workers", "20"] },
];
console.log(describeMachine(machineInfo(await sampleCpuUse())));
console.log(`${reps} repetitions each; medians (min–max)\n`);
for (const c of cases) {
  const local: number[] = [];
  const slurm: number[] = [];
  // Interleaved, so that a change in the machine's load affects both alike.
  for (let i = 0; i < reps; i++) {
    local.push(await once(c.args));
    slurm.push(await once([...c.args, "--with", "slurm"]));
  }
  const perTask = local.map((l, i) => ((slurm[i] as number) - l) / c.tasks);
  console.log(`${c.id} ${c.title}: local ${fmt(local)}, slurm ${fmt(slurm)}, ratio ${(median(slurm) / median(local)).toFixed(1)}×; overhead per task ${fmt(perTask)}`);
}
