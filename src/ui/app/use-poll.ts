/**
 * Loads data and, while `live` says so, loads it again every `intervalMs`: pages of a running
 * run update without a reload. Keeps the last good data when a refresh fails.
 * @module
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiRequestError } from "./api.js";

/** What a polled request has. */
export interface Polled<T> {
  readonly data: T | undefined;
  readonly error: ApiRequestError | undefined;
  readonly loading: boolean;
  /** Loads again now. */
  reload(): void;
}

/** Polls `load` (re-started when `key` changes) while `live(data)` is true. */
export function usePoll<T>(key: string, load: () => Promise<T>, live: (data: T | undefined) => boolean, intervalMs = 1000): Polled<T> {
  const [state, setState] = useState<{ key: string; data?: T; error?: ApiRequestError; loading: boolean }>({ key, loading: true });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const liveRef = useRef(live);
  liveRef.current = live;
  const last = useRef<{ key: string; data: T | undefined }>({ key, data: undefined });
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async (): Promise<void> => {
      let data: T | undefined;
      try {
        data = await loadRef.current();
        if (cancelled) return;
        last.current = { key, data };
        setState({ key, data, loading: false });
      } catch (e) {
        if (cancelled) return;
        const error = e instanceof ApiRequestError ? e : new ApiRequestError(0, { code: "CLIENT", message: String(e) });
        setState((s) => ({ key, ...(s.key === key && s.data !== undefined ? { data: s.data } : {}), error, loading: false }));
        data = last.current.key === key ? last.current.data : undefined;
      }
      if (!cancelled && liveRef.current(data)) timer = setTimeout(() => void run(), intervalMs);
    };
    if (state.key !== key) setState({ key, loading: true });
    void run();
    return () => {
      cancelled = true;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [key, tick, intervalMs]);
  const current = state.key === key ? state : { key, loading: true };
  return { data: current.data, error: current.error, loading: current.loading, reload: () => setTick((t) => t + 1) };
}
