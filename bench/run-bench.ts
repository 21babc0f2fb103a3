/**
 * `npm run bench [-- --quick]`: times flows through the real CLI, fresh datastore per run,
 * and prints medians (min–max). Writes bench/results/latest.json.
 * @module
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "dist", "cli", "bin.js");
const quick = process.argv.includes("--quick");
const reps = quick ? 3 : 5;

interface Workload {
  readonly name: string;
  readonly args: readonly string[];
}

const workloads: Workload[] = [
  { name: "hello: linear, 3 tasks", args: ["run", path.join(root, "examples", "hello.ts")] },
  { name: "foreach 100 + join (--max-workers 2)", args: ["run", path.join(root, "bench", "flows", "foreach.ts"), "--n", "100", "--max-workers", "2"] },
  { name: "check examples/hello.ts", args: ["check", path.join(root, "examples", "hello.ts")] },
];

function timeOnce(w: Workload): number {
  const cwd = mkdtempSync(path.join(os.tmpdir(), "mf-bench-"));
  try {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [bin, ...w.args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${w.name} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    return ms;
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

const results = workloads.map((w) => {
  const times = Array.from({ length: reps }, () => timeOnce(w));
  return { name: w.name, medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times), reps };
});

console.log(`metaflow-ts bench — node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "cpu"}), ${reps} reps`);
for (const r of results) {
  console.log(`${r.name.padEnd(40)} median ${(r.medianMs / 1000).toFixed(2)} s  (${(r.minMs / 1000).toFixed(2)}–${(r.maxMs / 1000).toFixed(2)})`);
}
mkdirSync(path.join(root, "bench", "results"), { recursive: true });
writeFileSync(path.join(root, "bench", "results", "latest.json"), JSON.stringify({ node: process.version, cores: os.cpus().length, results }, null, 2));
