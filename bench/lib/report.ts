/**
 * Turning samples into table rows, and printing them.
 * @module
 */
import { execFileSync } from "node:child_process";
import os from "node:os";
import type { RowSpec, Sample, Unit } from "./workload.js";
import { repoRoot } from "./measure.js";
import { describeCpuUse, quietBelow, type CpuUse, type QuietWait } from "./cpu-use.js";

/** One row of the results, as printed and as written to JSON. */
export interface ResultRow {
  readonly workload: string;
  readonly label: string;
  readonly unit: Unit;
  readonly reps: number;
  readonly median: number | null;
  readonly min: number | null;
  readonly max: number | null;
  /** Largest peak RSS (MiB) over the repetitions of the workload's command. */
  readonly peakRssMiB: number | null;
  readonly target: number | null;
  /** median / target: ≤ 1 meets the target. */
  readonly ratio: number | null;
  readonly reference: string | null;
  readonly note: string | null;
  /** The label of the row this one is compared with (e.g. the local row of an S3 row). */
  readonly baseline: string | null;
  /** median / the baseline row's median (e.g. S3/local), once both are measured. */
  readonly vsBaseline: number | null;
}

/** The machine the numbers come from. */
export interface MachineInfo {
  readonly cores: number;
  readonly cpuModel: string;
  readonly ramGiB: number;
  readonly node: string;
  readonly platform: string;
  readonly isolation: string;
  readonly commit: string | null;
  /** 1-minute load average when the bench started: anything else running skews the times (it lags: see cpu-use.ts). */
  readonly loadAverage: number;
  /** Share of all cores' time that was busy over a second when the bench started (0–1; see cpu-use.ts). */
  readonly cpuBusyAtStart: number;
  /** Where {@link cpuBusyAtStart} comes from: /proc/stat, or the load average (load / cores) where it is missing. */
  readonly cpuUseSource: CpuUse["source"];
}

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** The value of `metric` in a sample, in the row's unit (undefined when not measured). */
function valueOf(sample: Sample, metric: string): number | undefined {
  if (metric === "wall") return sample.wallMs / 1000;
  if (metric === "rss") return sample.peakRssKiB === undefined ? undefined : sample.peakRssKiB / 1024;
  return sample.metrics?.[metric];
}

/** A table row from a workload's samples. */
export function toRow(workload: string, spec: RowSpec, samples: readonly Sample[]): ResultRow {
  const values = samples.map((s) => valueOf(s, spec.metric)).filter((v): v is number => v !== undefined);
  const rss = samples.map((s) => s.peakRssKiB).filter((v): v is number => v !== undefined);
  const med = values.length ? median(values) : null;
  return {
    workload,
    label: spec.label,
    unit: spec.unit,
    reps: samples.length,
    median: med,
    min: values.length ? Math.min(...values) : null,
    max: values.length ? Math.max(...values) : null,
    peakRssMiB: spec.metric === "wall" && rss.length ? Math.max(...rss) / 1024 : null,
    target: spec.target ?? null,
    ratio: med !== null && spec.target !== undefined ? med / spec.target : null,
    reference: spec.reference ?? null,
    note: med !== null && spec.note ? spec.note(med) : null,
    baseline: spec.baseline ?? null,
    vsBaseline: null,
  };
}

/** Fills {@link ResultRow.vsBaseline} of the rows that name a baseline row present in `rows`. */
export function compareWithBaselines(rows: readonly ResultRow[]): ResultRow[] {
  return rows.map((r) => {
    const base = r.baseline === null ? undefined : rows.find((b) => b.label === r.baseline);
    return base?.median && r.median !== null ? { ...r, vsBaseline: r.median / base.median } : r;
  });
}

/** A number in a unit, for the table. */
function fmt(v: number | null, unit: Unit): string {
  if (v === null) return "n/a";
  switch (unit) {
    case "s":
      return v < 10 ? `${v.toFixed(3)} s` : `${v.toFixed(1)} s`;
    case "MiB":
      return `${v.toFixed(0)} MiB`;
    case "MB":
      return `${v.toFixed(3)} MB`;
    case "files":
      return v.toFixed(2);
  }
}

/** The rows as a GitHub-flavoured markdown table (readable in a terminal, pasteable in a note). */
export function formatTable(rows: readonly ResultRow[]): string {
  const compared = rows.some((r) => r.baseline !== null);
  const header = ["workload", "reps", "median", "min–max", "peak RSS", "target", "median/target", ...(compared ? ["vs local"] : []), "Metaflow", "note"];
  const body = rows.map((r) => [
    r.label,
    String(r.reps),
    fmt(r.median, r.unit),
    r.min === null || r.max === null ? "n/a" : `${fmt(r.min, r.unit)} – ${fmt(r.max, r.unit)}`,
    r.peakRssMiB === null ? (r.unit === "s" ? "n/a" : "") : fmt(r.peakRssMiB, "MiB"),
    r.target === null ? "—" : `≤ ${fmt(r.target, r.unit)}`,
    r.ratio === null ? "—" : `${r.ratio.toFixed(2)}${r.ratio <= 1 ? " ✓" : ""}`,
    ...(compared ? [r.vsBaseline === null ? (r.baseline === null ? "" : "n/a") : `${r.vsBaseline.toFixed(2)}×`] : []),
    r.reference ?? "—",
    r.note ?? "",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] as string).length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}

/** Describes this machine (and the commit being measured, when in a git checkout). */
export function machineInfo(cpuAtStart: CpuUse): MachineInfo {
  let commit: string | null = null;
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() !== "";
    commit = dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    // not a git checkout
  }
  return {
    cores: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    isolation: process.env.METAFLOW_TS_ISOLATION === "process" ? "process" : "thread (default)",
    commit,
    loadAverage: Math.round(os.loadavg()[0] as number * 100) / 100,
    cpuBusyAtStart: Math.round(cpuAtStart.busy * 1000) / 1000,
    cpuUseSource: cpuAtStart.source,
  };
}

/** One line describing the machine. */
export function describeMachine(m: MachineInfo): string {
  const use = describeCpuUse({ busy: m.cpuBusyAtStart, source: m.cpuUseSource }, m.cores);
  return `${m.cores} cores (${m.cpuModel}), ${m.ramGiB} GiB RAM, Node ${m.node}, ${m.platform}; task isolation: ${m.isolation}${m.commit ? `; commit ${m.commit}` : ""}; at start: ${use}, load average ${m.loadAverage}`;
}

/**
 * A warning when the machine was busy with something else during the bench (undefined when it was
 * not): some workload started while the CPUs were not quiet, or other processes kept them busy right
 * after the last workload (`atEnd`), both measured from /proc/stat; where only the load average is
 * known, it exceeded half the cores at the start or the end.
 */
export function loadWarning(m: MachineInfo, loadAtEnd: number, before: readonly { readonly id: string; readonly use: QuietWait }[] = [], atEnd?: CpuUse): string | undefined {
  if (m.cpuUseSource === "proc-stat") {
    const busy = before.filter((b) => !b.use.quiet);
    const busyAtEnd = atEnd !== undefined && atEnd.source === "proc-stat" && atEnd.busy >= quietBelow;
    if (busy.length === 0 && !busyAtEnd) return undefined;
    const worst = busy.reduce<(typeof busy)[number] | undefined>((a, b) => (a === undefined || b.use.busy > a.use.busy ? b : a), undefined);
    const parts = [
      ...(worst === undefined ? [] : [`${busy.map((b) => b.id).join(", ")} started while other processes used the CPUs (up to ${describeCpuUse(worst.use, m.cores)} before ${worst.id}, after waiting ${worst.use.waitedS} s for quiet)`]),
      ...(busyAtEnd ? [`other processes used the CPUs right after the last workload (${describeCpuUse(atEnd, m.cores)})`] : []),
    ];
    return `WARNING: the machine was busy: ${parts.join("; ")}: the times are inflated and noisy.`;
  }
  const busiest = Math.max(m.loadAverage, loadAtEnd);
  return busiest > m.cores / 2
    ? `WARNING: the machine was busy (1-min load average ${m.loadAverage} at start, ${loadAtEnd} at end, on ${m.cores} cores): the times are inflated and noisy.`
    : undefined;
}
