/**
 * Heartbeats: a timer that calls `beat` every `METAFLOW_HEARTBEAT_INTERVAL` seconds (default 10)
 * until stopped. A beat that fails is dropped
 * (the provider already retried it); the next one tries again. The timer never keeps a process alive.
 * @module
 */
import { HEARTBEAT_INTERVAL_MS } from "./run-status.js";

/** Milliseconds between heartbeats: `METAFLOW_HEARTBEAT_INTERVAL` seconds, else {@link HEARTBEAT_INTERVAL_MS}. */
export function heartbeatIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const s = Number(env.METAFLOW_HEARTBEAT_INTERVAL);
  return Number.isFinite(s) && s > 0 ? s * 1000 : HEARTBEAT_INTERVAL_MS;
}

/** Starts beating; the returned function stops. */
export function startHeartbeat(beat: () => Promise<void>, env: NodeJS.ProcessEnv = process.env): () => void {
  let inFlight = false;
  const timer = setInterval(() => {
    if (inFlight) return;
    inFlight = true;
    beat()
      .catch(() => undefined)
      .finally(() => (inFlight = false));
  }, heartbeatIntervalMs(env));
  timer.unref();
  return () => clearInterval(timer);
}
