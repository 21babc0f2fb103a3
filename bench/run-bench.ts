/**
 * `npm run bench [-- --quick] [-- --large] [-- --only B2,B3] [-- --reps N]`
 *
 * Runs the workloads of issue 6 (see `bench/workloads.ts`) through the built CLI as child
 * processes, several repetitions each, and prints a table of medians, min–max, peak RSS (GNU
 * `time`), the issue's target and Metaflow's reference figure. Writes the same as JSON to
 * `bench/results/<timestamp>.json` and `bench/results/latest.json`.
 *
 *   --quick   3 repetitions, smaller foreach sizes (B3 at 200, B8b at 200)
 *   --large   adds the 10,000-way foreach (time per task, scheduler peak RSS)
 *   --only    comma-separated workload ids; `B3` also picks `B3-2000`..., `B8` picks B8a and B8b
 *   --reps N  repetitions per workload (default 5, quick 3; capped for the long linearity sizes)
 *
 * Before each workload the bench waits (up to 30 s) for the machine to be quiet: less than 1/8 of
 * the CPUs' time busy over a second, sampled from /proc/stat (the 1-minute load average, which trails
 * the truth by minutes, is only the fallback where /proc/stat is missing). The header gives the CPU
 * use at the start; a workload that started on a busy machine, or CPUs kept busy by others right after
 * the last workload, make a warning.
 *
 * Set METAFLOW_TS_ISOLATION=process to measure process isolation instead of threads.
 * Set BENCH_S3_ROOT=s3://bucket/prefix (and the AWS_* variables) to add B1, B2, B4 and B8b on S3,
 * each compared with its local figure (S3/local in the table).
 * @module
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { canMeasureRss, cliBin, freshDir, removeDir, repoRoot } from "./lib/measure.js";
import { describeCpuUse, sampleCpuUse, waitUntilQuiet, type QuietWait } from "./lib/cpu-use.js";
import { compareWithBaselines, describeMachine, formatTable, loadWarning, machineInfo, toRow, type ResultRow } from "./lib/report.js";
import type { Sample, Workload } from "./lib/workload.js";
import { buildSuite, selects } from "./workloads.js";

/** The command line of the bench. */
interface BenchOptions {
  readonly quick: boolean;
  readonly large: boolean;
  readonly only: readonly string[] | undefined;
  readonly reps: number;
}

/** Parses the command line (unknown options are an error). */
function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: "boolean", default: false },
      large: { type: "boolean", default: false },
      only: { type: "string" },
      reps: { type: "string" },
    },
    strict: true,
  });
  const quick = values.quick ?? false;
  const reps = values.reps === undefined ? (quick ? 3 : 5) : Number(values.reps);
  if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps must be a whole number ≥ 1; got ${values.reps}`);
  const only = values.only?.split(",").map((s) => s.trim()).filter(Boolean);
  return { quick, large: values.large ?? false, only, reps };
}

/** Everything measured for one workload. */
interface WorkloadResult {
  readonly id: string;
  readonly title: string;
  readonly samples: readonly Sample[];
  readonly rows: readonly ResultRow[];
  /** The CPU use just before the first repetition, after waiting for the machine to be quiet. */
  readonly cpuBefore: QuietWait;
}

/** Longest wait for a quiet machine before a workload (seconds). */
const maxQuietWaitS = 30;

/** Waits (bounded) until the machine is quiet, saying so on stderr when it has to wait. */
async function waitForQuiet(w: Workload, cores: number): Promise<QuietWait> {
  const use = await waitUntilQuiet(maxQuietWaitS);
  if (!use.quiet && use.source === "proc-stat") process.stderr.write(`${w.id}: the machine is still busy after waiting ${use.waitedS} s (${describeCpuUse(use, cores)}): measuring anyway\n`);
  else if (use.waitedS >= 2) process.stderr.write(`${w.id}: waited ${use.waitedS} s for the machine to be quiet (now ${describeCpuUse(use, cores)})\n`);
  return use;
}

/** Runs a workload's setup, then waits for a quiet machine, then runs its repetitions; reports progress on stderr. */
async function runWorkload(w: Workload, reps: number, cores: number): Promise<WorkloadResult> {
  const n = Math.min(reps, w.maxReps ?? reps);
  const fixture = freshDir(`${w.id}-fixture`);
  const samples: Sample[] = [];
  let cpuBefore: QuietWait;
  try {
    if (w.setup) {
      process.stderr.write(`${w.id} ${w.title}: setup... `);
      await w.setup({ fixture });
      process.stderr.write("done\n");
    }
    cpuBefore = await waitForQuiet(w, cores);
    for (let i = 0; i < n; i++) {
      const s = await w.measure({ fixture });
      samples.push(s);
      const rss = s.peakRssKiB === undefined ? "" : `, ${(s.peakRssKiB / 1024).toFixed(0)} MiB`;
      process.stderr.write(`${w.id} ${w.title}: ${i + 1}/${n} ${(s.wallMs / 1000).toFixed(3)} s${rss}\n`);
    }
  } finally {
    await w.teardown?.({ fixture });
    await removeDir(fixture);
  }
  return { id: w.id, title: w.title, samples, rows: w.rows.map((spec) => toRow(w.id, spec, samples)), cpuBefore };
}

/** A file-name-safe timestamp, e.g. 2026-01-31T12-00-00Z. */
const timestamp = (d: Date): string => d.toISOString().replace(/\.\d+Z$/, "Z").replaceAll(":", "-");

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!existsSync(cliBin)) throw new Error(`${cliBin} is missing: run \`npm run build\` first (\`npm run bench\` does).`);
  const suite = buildSuite(options).filter((w) => options.only === undefined || options.only.some((sel) => selects(sel, w.id)));
  if (suite.length === 0) throw new Error(`--only ${options.only?.join(",")} selects no workload`);
  const machine = machineInfo(await sampleCpuUse());
  const startedAt = new Date();
  const mode = options.quick ? "quick" : "full";
  process.stderr.write(`metaflow-ts bench (${mode}${options.large ? ", large" : ""}, ${options.reps} reps): ${suite.map((w) => w.id).join(" ")}\n`);

  const results: WorkloadResult[] = [];
  for (const w of suite) results.push(await runWorkload(w, options.reps, machine.cores));
  const rows = compareWithBaselines(results.flatMap((r) => r.rows));
  const loadAtEnd = Math.round((os.loadavg()[0] as number) * 100) / 100;
  // Nothing of the bench's runs right after its last workload: what is busy then is someone else.
  const cpuAtEnd = await sampleCpuUse();
  const warning = loadWarning(machine, loadAtEnd, results.map((r) => ({ id: r.id, use: r.cpuBefore })), cpuAtEnd);

  const title = `metaflow-ts bench, ${mode}${options.large ? " + large" : ""}, ${startedAt.toISOString()}`;
  console.log(`\n${title}\n${describeMachine(machine)}`);
  if (!canMeasureRss) console.log("(/usr/bin/time not found: peak RSS is n/a)");
  if (warning) console.log(warning);
  console.log(`\n${formatTable(rows)}\n`);
  console.log("median/target ≤ 1 (✓) meets the issue's target. Peak RSS: GNU time %M of the timed command (largest single process; with thread isolation the tasks run inside the CLI process).");

  const report = {
    startedAt: startedAt.toISOString(),
    durationS: (Date.now() - startedAt.getTime()) / 1000,
    options: { ...options, only: options.only ?? null },
    machine,
    loadAverageAtEnd: loadAtEnd,
    cpuBusyAtEnd: Math.round(cpuAtEnd.busy * 1000) / 1000,
    ...(warning ? { warning } : {}),
    rows,
    workloads: results.map(({ id, title: t, samples, cpuBefore }) => ({ id, title: t, samples, cpuBusyBefore: Math.round(cpuBefore.busy * 1000) / 1000, cpuUseSource: cpuBefore.source, quietBefore: cpuBefore.quiet, waitedForQuietS: cpuBefore.waitedS })),
  };
  const dir = path.join(repoRoot, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const file = path.join(dir, `${timestamp(startedAt)}.json`);
  writeFileSync(file, json);
  writeFileSync(path.join(dir, "latest.json"), json);
  console.log(`Wrote ${path.relative(process.cwd(), file)} and bench/results/latest.json`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
