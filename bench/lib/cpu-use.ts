/**
 * How busy the machine is right now, for the bench's header, its warning and its wait before each
 * workload. Measured as the share of CPU time that was not idle over about a second, from
 * /proc/stat (Linux); elsewhere from the 1-minute load average, which trails the truth by minutes
 * (after a build it still reads 2.5 while the CPUs are idle), so it is only a fallback.
 * @module
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";

/** Cumulative CPU time of all cores (the `cpu` line of /proc/stat, in clock ticks). */
export interface CpuTimes {
  /** Ticks spent idle (idle + iowait). */
  readonly idle: number;
  /** All ticks (user, nice, system, idle, iowait, irq, softirq, steal). */
  readonly total: number;
}

/** How busy the machine was. */
export interface CpuUse {
  /** Share of all cores' time that was busy (0–1); from the load average: load / cores (may exceed 1). */
  readonly busy: number;
  /** Where it comes from: sampled CPU times, or the 1-minute load average when /proc/stat is missing. */
  readonly source: "proc-stat" | "loadavg";
}

/** The machine-wide CPU times in the text of /proc/stat, or undefined when it has no `cpu` line. */
export function parseProcStat(text: string): CpuTimes | undefined {
  const line = text.split("\n").find((l) => l.startsWith("cpu "));
  if (line === undefined) return undefined;
  // user nice system idle iowait irq softirq steal [guest guest_nice]: guest time is already in user.
  const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (v.length < 4 || v.some((n) => !Number.isFinite(n))) return undefined;
  const idle = (v[3] as number) + (v[4] ?? 0);
  return { idle, total: v.reduce((a, b) => a + b, 0) };
}

/** The busy share between two readings (0 when no time passed). */
export function busyBetween(before: CpuTimes, after: CpuTimes): number {
  const total = after.total - before.total;
  if (total <= 0) return 0;
  return Math.min(1, Math.max(0, 1 - (after.idle - before.idle) / total));
}

function readProcStat(): CpuTimes | undefined {
  try {
    return parseProcStat(readFileSync("/proc/stat", "utf8"));
  } catch {
    return undefined;
  }
}

/** Measures how busy the machine is over `ms` (from the load average at once where /proc/stat is missing). */
export async function sampleCpuUse(ms = 1000): Promise<CpuUse> {
  const before = readProcStat();
  if (before === undefined) return { busy: (os.loadavg()[0] as number) / os.availableParallelism(), source: "loadavg" };
  await sleep(ms);
  const after = readProcStat();
  return after === undefined ? { busy: (os.loadavg()[0] as number) / os.availableParallelism(), source: "loadavg" } : { busy: busyBetween(before, after), source: "proc-stat" };
}

/** The machine counts as quiet below this busy share (on 2 cores: less than 1/4 of a core in use). */
export const quietBelow = 0.125;

/** What {@link waitUntilQuiet} saw. */
export interface QuietWait extends CpuUse {
  /** Whether the machine became quiet within the time allowed. */
  readonly quiet: boolean;
  /** Seconds spent waiting. */
  readonly waitedS: number;
}

/**
 * Samples the CPU use (about a second per sample) until the machine is quiet or `maxWaitS` passed;
 * returns the last sample. With the load-average fallback it does not wait (that figure lags by minutes).
 */
export async function waitUntilQuiet(maxWaitS = 30, sampleMs = 1000): Promise<QuietWait> {
  const started = Date.now();
  for (;;) {
    const use = await sampleCpuUse(sampleMs);
    const waitedS = (Date.now() - started) / 1000;
    const quiet = use.busy < quietBelow;
    if (quiet || use.source === "loadavg" || waitedS + sampleMs / 1000 > maxWaitS) return { ...use, quiet, waitedS: Math.round(waitedS * 10) / 10 };
  }
}

/** "37% of 2 cores" (or "load average 2.5 on 2 cores" for the fallback). */
export function describeCpuUse(use: CpuUse, cores: number): string {
  return use.source === "proc-stat" ? `${Math.round(use.busy * 100)}% of ${cores} cores busy` : `load average ${(use.busy * cores).toFixed(2)} on ${cores} cores`;
}
