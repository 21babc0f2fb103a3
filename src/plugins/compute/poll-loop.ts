/**
 * The poll loop both remote backends share: one poll at a time, `intervalMs` after the previous
 * one ended, only while the backend is open and has jobs to watch. A poll that throws is simply
 * followed by the next one (the backends treat a busy or briefly unreachable server that way).
 * @module
 */

/** A backend's poll loop. */
export interface PollLoop {
  /** Plans the next poll, unless one is planned or running, the loop is stopped, or `idle()` holds. */
  schedule(): void;
  /** Stops the loop for good: a planned poll is dropped, a running one is not followed by another. */
  stop(): void;
}

/** Makes a poll loop calling `poll` every `intervalMs` while `idle()` is false. */
export function pollLoop(poll: () => Promise<void>, idle: () => boolean, intervalMs: number): PollLoop {
  let timer: NodeJS.Timeout | undefined;
  let polling = false;
  let stopped = false;
  const schedule = (): void => {
    if (timer !== undefined || polling || stopped || idle()) return;
    timer = setTimeout(() => {
      timer = undefined;
      polling = true;
      poll()
        .catch(() => undefined)
        .finally(() => {
          polling = false;
          schedule();
        });
    }, intervalMs);
  };
  return {
    schedule,
    stop: () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
