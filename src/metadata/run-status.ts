/**
 * A run's status, computed in one place for every reader (client, `runs`, a metadata service):
 * its end record when it has one; otherwise `running` while its scheduler is alive, `dead`
 * once it is not. On the scheduler's own host a missing process is proof; anywhere, a heartbeat
 * older than {@link HEARTBEAT_STALE_MS} is.
 * @module
 */
import type { RunEndRecord, RunRecord } from "./types.js";

/** What a run is doing. `dead`: no end record and its scheduler is gone (killed, crashed, machine lost). */
export type RunStatus = "succeeded" | "failed" | "running" | "dead";

/** How often a running scheduler refreshes its heartbeat. */
export const HEARTBEAT_INTERVAL_MS = 10_000;

/** A heartbeat older than this means the scheduler is gone (several missed beats, not one slow one). */
export const HEARTBEAT_STALE_MS = 60_000;

/** What is known about a run when its status is asked. */
export interface RunLivenessFacts {
  readonly record: RunRecord;
  readonly end: RunEndRecord | undefined;
  /** When the scheduler last wrote its heartbeat (ISO), if it ever did. */
  readonly heartbeatAt: string | undefined;
}

/** The world the status is computed in: the time, this machine, and whether a local process lives. */
export interface LivenessProbe {
  readonly now: number;
  readonly host: string;
  isProcessAlive(pid: number): boolean;
}

/** The status of a run (pure, given the probe). */
export function runStatus(facts: RunLivenessFacts, probe: LivenessProbe): RunStatus {
  if (facts.end !== undefined) return facts.end.status;
  const scheduler = facts.record.scheduler;
  // A run recorded before schedulers were recorded: nothing to check it against.
  if (scheduler === undefined) return "running";
  if (scheduler.host === probe.host && !probe.isProcessAlive(scheduler.pid)) return "dead";
  // The pid may have been reused by another process, or the scheduler runs elsewhere: the heartbeat decides.
  const lastSign = Date.parse(facts.heartbeatAt ?? scheduler.startedAt);
  return Number.isFinite(lastSign) && probe.now - lastSign > HEARTBEAT_STALE_MS ? "dead" : "running";
}
