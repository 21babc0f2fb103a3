/**
 * What a task may leave behind in the worker thread that ran it, and putting it back: the thread
 * is reused for the next task only if every global and environment variable is as it was before
 * the task and nothing the task started (timer, socket, child process, watcher) is still running.
 * @module
 */

/** The thread's state before its first task. */
export interface ThreadBaseline {
  readonly globals: ReadonlyMap<PropertyKey, PropertyDescriptor>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly resources: ReadonlyMap<string, number>;
}

/** Records the globals, environment and running resources of this thread. */
export function captureBaseline(): ThreadBaseline {
  const globals = new Map<PropertyKey, PropertyDescriptor>();
  for (const key of Reflect.ownKeys(globalThis)) {
    const d = Reflect.getOwnPropertyDescriptor(globalThis, key);
    if (d !== undefined) globals.set(key, d);
  }
  return { globals, env: { ...process.env }, resources: countResources() };
}

/**
 * Puts the globals and the environment back as they were in `baseline`; false when that is not
 * possible (a global the task made non-configurable) or when the task left something running.
 */
export function restoreBaseline(baseline: ThreadBaseline): boolean {
  let clean = true;
  for (const key of Reflect.ownKeys(globalThis)) {
    const before = baseline.globals.get(key);
    const now = Reflect.getOwnPropertyDescriptor(globalThis, key);
    if (before === undefined) clean = Reflect.deleteProperty(globalThis, key) && clean;
    else if (now !== undefined && !sameDescriptor(before, now)) clean = Reflect.defineProperty(globalThis, key, before) && clean;
  }
  for (const [key, d] of baseline.globals) if (!Reflect.has(globalThis, key)) clean = Reflect.defineProperty(globalThis, key, d) && clean;
  for (const key of Object.keys(process.env)) if (!(key in baseline.env)) delete process.env[key];
  for (const [key, value] of Object.entries(baseline.env)) if (value !== undefined && process.env[key] !== value) process.env[key] = value;
  return clean && !leftRunning(baseline.resources);
}

function sameDescriptor(a: PropertyDescriptor, b: PropertyDescriptor): boolean {
  return a.value === b.value && a.get === b.get && a.set === b.set && a.writable === b.writable && a.enumerable === b.enumerable && a.configurable === b.configurable;
}

/** Kinds of handles that are the thread's own plumbing or requests that end by themselves. */
const plumbing = new Set(["MessagePort", "FSReqCallback", "FSReqPromise", "FileHandleCloseReq", "TTYWrap", "PipeWrap", "CloseReq", "GetAddrInfoReqWrap"]);

function countResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) if (!plumbing.has(kind)) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/** Whether more timers, sockets, processes... are active than in the baseline. */
function leftRunning(baseline: ReadonlyMap<string, number>): boolean {
  for (const [kind, n] of countResources()) if (n > (baseline.get(kind) ?? 0)) return true;
  return false;
}
