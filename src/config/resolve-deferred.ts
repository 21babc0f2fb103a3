/**
 * Replaces deferred config values (in decorator attributes, Parameter defaults) by the values
 * they stand for. A path that names a missing key fails, naming the expression, where it was
 * used and the keys that exist. Pure.
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import { formatPath, isPlainObject, type PathSegment } from "./config-path.js";
import { deferredExpression, deferredOf, type DeferredSpec } from "./deferred-value.js";

/** Config values by config name. */
export type ConfigValueMap = ReadonlyMap<string, unknown>;

/** `value` with every deferred value inside it (objects, arrays) resolved; `where` names the place in errors. */
export function resolveDeferred(value: unknown, configs: ConfigValueMap, where: string): unknown {
  const spec = deferredOf(value);
  if (spec !== undefined) return evaluate(spec, configs, where);
  if (Array.isArray(value)) return value.map((v) => resolveDeferred(v, configs, where));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDeferred(v, configs, where)]));
  return value;
}

/** Whether `value` holds a deferred value anywhere. */
export function hasDeferred(value: unknown): boolean {
  if (deferredOf(value) !== undefined) return true;
  if (Array.isArray(value)) return value.some(hasDeferred);
  if (isPlainObject(value)) return Object.values(value).some(hasDeferred);
  return false;
}

function evaluate(spec: DeferredSpec, configs: ConfigValueMap, where: string): unknown {
  const expression = deferredExpression(spec);
  let node: unknown;
  if (spec.root.kind === "config") {
    if (!configs.has(spec.root.name)) {
      const known = [...configs.keys()];
      throw new MetaflowError(
        ErrorCode.ConfigError,
        `${expression} (${where}) refers to config '${spec.root.name}', which the flow does not declare. ` +
          (known.length > 0 ? `Its configs: ${known.join(", ")}. ` : "The flow declares no config. ") +
          `Declare it as a field of the flow class (e.g. ${spec.root.name} = Config("${spec.root.name}", { ... })).`,
      );
    }
    node = configs.get(spec.root.name);
  } else {
    try {
      node = spec.root.fn(Object.fromEntries(configs));
    } catch (e) {
      throw new MetaflowError(ErrorCode.ConfigError, `${expression} (${where}) failed: ${(e as Error)?.message ?? String(e)}`, { cause: e });
    }
  }
  const base = spec.root.kind === "config" ? [spec.root.name] : ["(result)"];
  for (let i = 0; i < spec.path.length; i++) {
    const seg = spec.path[i] as PathSegment;
    const at = formatPath([...base, ...spec.path.slice(0, i)] as PathSegment[]);
    if (node === null || typeof node !== "object") {
      throw new MetaflowError(
        ErrorCode.ConfigError,
        `${expression} (${where}) has no value: ${at} is ${node === null ? "null (the config was not given)" : `${typeof node} ${JSON.stringify(node)}`}, not an object. Check the expression against the config (metaflow-ts configs <flow> shows it).`,
      );
    }
    const key = Array.isArray(node) && typeof seg === "string" && /^\d+$/.test(seg) ? Number(seg) : seg;
    if (!Object.prototype.hasOwnProperty.call(node, key)) {
      const keys = Array.isArray(node) ? [`0..${node.length - 1}`] : Object.keys(node);
      throw new MetaflowError(
        ErrorCode.ConfigError,
        `${expression} (${where}) names a key that does not exist: ${at} has no ${typeof key === "number" ? `index ${key}` : `key '${key}'`}. ` +
          (keys.length > 0 && !(Array.isArray(node) && node.length === 0) ? `Keys there: ${keys.join(", ")}.` : `${at} is empty.`),
      );
    }
    node = (node as Record<string, unknown>)[key as string];
  }
  return node;
}
