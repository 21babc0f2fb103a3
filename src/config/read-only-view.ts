/**
 * The value a step sees as `this.config`: a deep read-only view of the stored config. Reads,
 * `config["a-b"]`, spread, `Object.keys`, JSON.stringify all work as on a plain object; any write
 * throws a MetaflowError naming the config path.
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import { formatPath, type PathSegment } from "./config-path.js";

const views = new WeakMap<object, unknown>();
const originals = new WeakMap<object, unknown>();
let created = 0;

/** Wraps `value` (a stored config) in a read-only view; `name` is the config's name. */
export function readOnlyConfig<T>(value: T, name: string): T {
  return view(value, [name]) as T;
}

function view(value: unknown, at: readonly PathSegment[]): unknown {
  if (value === null || typeof value !== "object") return value;
  if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
    return value; // Dates, typed arrays...: stored frozen already, shown as they are.
  }
  const cached = views.get(value);
  if (cached !== undefined) return cached;
  // The target is a fresh copy whose members are views: proxy invariants hold even when the
  // stored value itself is frozen, and the copy is never written (every write trap throws).
  const target: Record<string, unknown> | unknown[] = Array.isArray(value) ? value.map((v, i) => view(v, [...at, i])) : {};
  if (!Array.isArray(value)) for (const [k, v] of Object.entries(value)) (target as Record<string, unknown>)[k] = view(v, [...at, k]);
  const fail = (key: string | symbol): never => {
    const where = typeof key === "symbol" ? formatPath(at) : formatPath([...at, /^\d+$/.test(key) && Array.isArray(value) ? Number(key) : key]);
    throw new MetaflowError(
      ErrorCode.ArtifactReadOnly,
      `Cannot change ${where}: configs are read-only in steps. Copy what you need ({ ...this.${String(at[0])} } or structuredClone) and change the copy, or change the config before the run (--config-override ${where}=value).`,
    );
  };
  const proxy = new Proxy(target, {
    set: (_t, key) => fail(key),
    defineProperty: (_t, key) => fail(key),
    deleteProperty: (_t, key) => fail(key),
    setPrototypeOf: () => fail(Symbol("prototype")),
  });
  views.set(value, proxy);
  originals.set(proxy, value);
  created++;
  return proxy;
}

/** Whether this process made any read-only view (if not, no value can hold one). */
export function configViewsInUse(): boolean {
  return created > 0;
}

/**
 * `value` with every read-only view in it replaced by the stored value it shows, so that
 * `this.x = this.config.model` or `{ ...this.config.model }` can be stored as an artifact.
 * Copies only what contains a view.
 */
export function unwrapConfigViews(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const original = originals.get(value);
  if (original !== undefined) return original;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (v === null || typeof v !== "object") continue;
      const u = unwrapConfigViews(v);
      if (u !== v) (out ??= [...value])[i] = u;
    }
    return out ?? value;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(value)) {
    if (v === null || typeof v !== "object") continue;
    const u = unwrapConfigViews(v);
    if (u !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = u;
  }
  return out ?? value;
}
