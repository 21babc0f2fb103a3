/**
 * `--config-override settings.model.fit_intercept=false`: dotted overrides of single values,
 * applied after every file layer. The value is JSON when it parses as JSON, else a string. The
 * key must exist (a typo fails loudly, listing the keys there); `+settings.model.new_key=1` adds one.
 * Pure.
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import { formatPath, isPlainObject, parsePath, pathKey, type PathSegment } from "./config-path.js";
import { removeUnder } from "./deep-merge.js";
import type { Sourced, ValueSource } from "./provenance.js";
import { provenanceOf } from "./provenance.js";

/** One parsed override. */
export interface ConfigOverride {
  readonly config: string;
  readonly path: readonly PathSegment[];
  readonly value: unknown;
  /** `+` prefix: the key may be new. */
  readonly add: boolean;
  /** The text as given, for provenance. */
  readonly text: string;
}

/** Parses `[+]NAME.path=value`. */
export function parseOverride(text: string): ConfigOverride {
  const eq = text.indexOf("=");
  const usage = `--config-override ${text}: expected NAME.path=value (e.g. settings.model.fit_intercept=false), or +NAME.path=value to add a key.`;
  if (eq < 0) throw new MetaflowError(ErrorCode.UsageError, usage);
  const add = text.startsWith("+");
  const [config, ...path] = parsePath(text.slice(add ? 1 : 0, eq).trim(), `--config-override ${text}`);
  if (path.length === 0) throw new MetaflowError(ErrorCode.UsageError, `${usage} To replace a whole config use --config-value NAME JSON.`);
  const raw = text.slice(eq + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // Not JSON: the text itself.
  }
  return { config: String(config), path, value, add, text };
}

/** Applies overrides (all for the same config) to a sourced value. */
export function applyOverrides(base: Sourced, overrides: readonly ConfigOverride[]): Sourced {
  if (overrides.length === 0) return base;
  let value = structuredClone(base.value);
  const provenance = new Map(base.provenance);
  for (const o of overrides) {
    const full = formatPath([o.config, ...o.path]);
    if (!isPlainObject(value)) {
      if (!o.add || (value !== undefined && value !== null)) throw new MetaflowError(ErrorCode.ConfigError, `--config-override ${o.text}: config '${o.config}' is not an object, so ${full} cannot be set.`);
      value = {};
    }
    let node = value as Record<string, unknown> | unknown[];
    for (let i = 0; i < o.path.length - 1; i++) {
      const seg = o.path[i] as PathSegment;
      let child = (node as Record<string, unknown>)[seg as string];
      if (child === undefined && o.add) {
        child = {};
        (node as Record<string, unknown>)[seg as string] = child;
      }
      if (child === undefined) throw missing(o, full, o.path.slice(0, i + 1), node);
      if (child === null || typeof child !== "object") {
        throw new MetaflowError(ErrorCode.ConfigError, `--config-override ${o.text}: ${formatPath([o.config, ...o.path.slice(0, i + 1)])} is ${JSON.stringify(child)}, not an object, so ${full} cannot be set.`);
      }
      node = child as Record<string, unknown>;
    }
    const last = o.path[o.path.length - 1] as PathSegment;
    if (!o.add && !Object.prototype.hasOwnProperty.call(node, last)) throw missing(o, full, o.path, node);
    (node as Record<string, unknown>)[last as string] = o.value;
    removeUnder(provenance, o.path);
    const source: ValueSource = { kind: "override", text: `--config-override ${o.text}` };
    for (const v of provenanceOf(o.value, source).values()) provenance.set(pathKey([...o.path, ...v.path]), { path: [...o.path, ...v.path], source: v.source });
  }
  return { value, provenance };
}

function missing(o: ConfigOverride, full: string, at: readonly PathSegment[], node: unknown): MetaflowError {
  const parent = formatPath([o.config, ...at.slice(0, -1)]);
  const keys = node !== null && typeof node === "object" ? Object.keys(node) : [];
  return new MetaflowError(
    ErrorCode.ConfigError,
    `--config-override ${o.text}: ${parent} has no key '${String(at[at.length - 1])}', so ${full} cannot be set. ` +
      (keys.length > 0 ? `Keys there: ${keys.join(", ")}. ` : "") +
      `Check the spelling, or write +${full}=... to add a new key.`,
  );
}
