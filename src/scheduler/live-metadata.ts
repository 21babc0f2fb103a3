/**
 * What a run tells a live metadata provider (the metadata service) besides its records and the
 * scheduler's heartbeat (run-flow.ts): each task attempt's start and end (local or remote alike,
 * since the scheduler sees them all). Nothing happens for the embedded default.
 * @module
 */
import { isLiveMetadataProvider, type MetadataProvider } from "../metadata/types.js";
import type { RunEvent, RunListener } from "./events.js";

/** A run's reporting to a live provider. */
export interface LiveRunReport {
  /** Feeds run events to the provider. */
  readonly listener: RunListener;
  /** Waits for the calls in flight (so attempts are recorded before the run's end). */
  stop(): Promise<void>;
}

/** Starts reporting run `runId` to `metadata` when it is live; `warn` hears of calls that failed for good. */
export function reportRunLive(metadata: MetadataProvider, warn: (message: string) => void): LiveRunReport | undefined {
  if (!isLiveMetadataProvider(metadata)) return undefined;
  const pending = new Set<Promise<void>>();
  let warned = false;
  const track = (call: Promise<void>) => {
    const p = call.catch((e: unknown) => {
      if (!warned) warn(`The metadata service did not record a task attempt: ${(e as Error).message}`);
      warned = true;
    });
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  const listener = (e: RunEvent) => {
    if (e.type === "task:start") {
      const { pid, ...ref } = e.task;
      track(metadata.startAttempt(ref, new Date().toISOString(), pid === undefined ? {} : { pid }));
    } else if (e.type === "task:end") {
      const { pid: _pid, ...ref } = e.task;
      track(metadata.endAttempt(ref, e.status === "ok" ? "succeeded" : "failed", new Date().toISOString()));
    }
  };
  return {
    listener,
    stop: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
