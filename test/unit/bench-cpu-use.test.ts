/**
 * Behaviour: the bench judges how busy the machine is from CPU times sampled in /proc/stat, not from
 * the lagging load average: busy share between two readings, the warning naming the workloads that
 * started on a busy machine, and the load-average fallback where /proc/stat is missing.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { busyBetween, parseProcStat, sampleCpuUse, waitUntilQuiet } from "../../bench/lib/cpu-use.js";
import { loadWarning, type MachineInfo } from "../../bench/lib/report.js";

const stat = (user: number, idle: number, iowait = 0): string =>
  `cpu  ${user} 0 ${user / 2} ${idle} ${iowait} 0 0 0 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr 12345\n`;

test("the machine-wide cpu line of /proc/stat gives idle (idle + iowait) and total ticks", () => {
  assert.deepEqual(parseProcStat(stat(100, 1000, 20)), { idle: 1020, total: 100 + 50 + 1000 + 20 });
  assert.equal(parseProcStat("intr 1 2 3\n"), undefined);
});

test("the busy share is the non-idle part of the ticks that passed between two readings", () => {
  const before = parseProcStat(stat(100, 1000)) as NonNullable<ReturnType<typeof parseProcStat>>;
  // 150 busy ticks (100 user + 50 system) and 50 idle ticks passed: 75% busy.
  const after = parseProcStat(stat(200, 1050)) as NonNullable<ReturnType<typeof parseProcStat>>;
  assert.equal(busyBetween(before, after), 0.75);
  assert.equal(busyBetween(before, before), 0);
});

test("a sample of this machine is a share between 0 and 1 from /proc/stat where it exists", async () => {
  const use = await sampleCpuUse(100);
  assert.equal(use.source, existsSync("/proc/stat") ? "proc-stat" : "loadavg");
  if (use.source === "proc-stat") assert.ok(use.busy >= 0 && use.busy <= 1, String(use.busy));
  const waited = await waitUntilQuiet(0.1, 50);
  assert.ok(waited.waitedS < 5, "a bounded wait returns");
});

const machine = (over: Partial<MachineInfo>): MachineInfo => ({
  cores: 2,
  cpuModel: "test",
  ramGiB: 1,
  node: "v20",
  platform: "linux",
  isolation: "thread (default)",
  commit: null,
  loadAverage: 2.5,
  cpuBusyAtStart: 0.02,
  cpuUseSource: "proc-stat",
  ...over,
});

test("with /proc/stat, a high load average alone is no warning; a workload started on busy CPUs is", () => {
  const quiet = { busy: 0.02, source: "proc-stat" as const, quiet: true, waitedS: 1 };
  const busy = { busy: 0.6, source: "proc-stat" as const, quiet: false, waitedS: 30 };
  assert.equal(loadWarning(machine({}), 2.5, [{ id: "B1", use: quiet }]), undefined);
  const w = loadWarning(machine({}), 0.1, [{ id: "B1", use: quiet }, { id: "B2", use: busy }]);
  assert.match(w ?? "", /B2 started while other processes used the CPUs \(up to 60% of 2 cores busy before B2, after waiting 30 s/);
  assert.doesNotMatch(w ?? "", /B1/);
});

test("CPUs kept busy by others right after the last workload make a warning too", () => {
  const quiet = { busy: 0.02, source: "proc-stat" as const, quiet: true, waitedS: 1 };
  assert.equal(loadWarning(machine({}), 0.1, [{ id: "B1", use: quiet }], { busy: 0.01, source: "proc-stat" }), undefined);
  assert.match(loadWarning(machine({}), 0.1, [{ id: "B1", use: quiet }], { busy: 0.9, source: "proc-stat" }) ?? "", /right after the last workload \(90% of 2 cores busy\)/);
});

test("without /proc/stat the warning falls back to the load average", () => {
  assert.match(loadWarning(machine({ cpuUseSource: "loadavg", loadAverage: 2.5 }), 0.2) ?? "", /1-min load average 2.5 at start/);
  assert.equal(loadWarning(machine({ cpuUseSource: "loadavg", loadAverage: 0.5 }), 0.2), undefined);
});
