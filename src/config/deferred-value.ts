/**
 * Deferred config values: what `config.resources.cpu` (on a module-level Config) and
 * `configExpr(...)` give before the flow is deployed. A deferred value is a Proxy that records
 * the path read from it; it is resolved against the flow's configs at deploy time (for a local
 * run: when the run starts), wherever it was used (decorator attributes, Parameter defaults).
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import { formatPath, parsePath, type PathSegment } from "./config-path.js";

/** The values of a flow's configs by config name, as seen by a `configExpr` function. */
export type ConfigValues = Readonly<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Where a deferred value starts: a config by name, or a function of all configs. */
export type DeferredRoot =
  | { readonly kind: "config"; readonly name: string }
  | { readonly kind: "function"; readonly fn: (configs: ConfigValues) => unknown; readonly text: string };

/** What a deferred value stands for. `declaration` is set on a Config's own proxy. */
export interface DeferredSpec {
  readonly root: DeferredRoot;
  readonly path: readonly PathSegment[];
  readonly declaration?: unknown;
}

const specKey = Symbol.for("metaflow-ts.deferred");
const inspectKey = Symbol.for("nodejs.util.inspect.custom");

/** The text of a deferred value, as a user would write it: `config.model.rate`. */
export function deferredExpression(spec: DeferredSpec): string {
  const base = spec.root.kind === "config" ? spec.root.name : `configExpr(${spec.root.text})`;
  return spec.path.length === 0 ? base : spec.root.kind === "config" ? formatPath([base, ...spec.path]) : `${base}${formatPath(["x", ...spec.path]).slice(1)}`;
}

/** @internal Creates the Proxy of a deferred value. */
export function makeDeferred(spec: DeferredSpec): unknown {
  const expression = deferredExpression(spec);
  const readOnly = (): never => {
    throw new MetaflowError(ErrorCode.ArtifactReadOnly, `Cannot change ${expression}: configs are read-only. Change the config file (or pass --config-override) instead.`);
  };
  return new Proxy(Object.create(null) as object, {
    get(_target, key) {
      if (key === specKey) return spec;
      if (key === Symbol.toPrimitive) {
        return () => {
          throw new MetaflowError(
            ErrorCode.ConfigError,
            `${expression} is a config value that is only known when the flow is deployed (or a run starts); it cannot be computed with outside a step. ` +
              `Pass it as it is (e.g. @resources({ cpu: ${expression} })) or compute with configExpr((c) => ...), e.g. configExpr((c) => c.${formatPath(spec.root.kind === "config" ? [spec.root.name, ...spec.path] : ["config"])} * 2).`,
          );
        };
      }
      if (key === "toJSON") return () => `\${${expression}}`;
      if (key === inspectKey) return () => `[deferred config value ${expression}]`;
      if (typeof key === "symbol" || key === "then") return undefined;
      return makeDeferred({ root: spec.root, path: [...spec.path, key] });
    },
    set: readOnly,
    defineProperty: readOnly,
    deleteProperty: readOnly,
    has: () => false,
    ownKeys: () => [],
  });
}

/** @internal The spec of a deferred value, or undefined for any other value. */
export function deferredOf(value: unknown): DeferredSpec | undefined {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return undefined;
  try {
    return (value as Record<symbol, DeferredSpec | undefined>)[specKey];
  } catch {
    return undefined;
  }
}

/** Whether a value is a deferred config value. */
export function isDeferred(value: unknown): boolean {
  return deferredOf(value) !== undefined;
}

/**
 * A config value for places that exist before the flow does (decorators, Parameter defaults),
 * resolved when the flow is deployed (for a local run: when the run starts).
 *
 * - a path: `configExpr("config.schedule.cron")`, `configExpr('config["a-b"].items[0]')`
 * - a function of all configs by name: `configExpr((c) => c.config.resources.cpu * 2)`
 *
 * @example
 * ```ts
 * @schedule({ cron: configExpr("config.schedule.cron") })
 * export default class MyFlow extends FlowSpec { config = Config("config", { default: "./c.toml" }); ... }
 * ```
 */
export function configExpr<T = any>(expression: string | ((configs: ConfigValues) => T)): T; // eslint-disable-line @typescript-eslint/no-explicit-any
export function configExpr(expression: string | ((configs: ConfigValues) => unknown)): unknown {
  if (typeof expression === "function") {
    const text = expression.toString().replace(/\s+/g, " ");
    return makeDeferred({ root: { kind: "function", fn: expression, text: text.length > 60 ? `${text.slice(0, 57)}...` : text }, path: [] });
  }
  if (typeof expression !== "string") {
    throw new MetaflowError(ErrorCode.ConfigError, `configExpr takes a path like "config.model.rate" or a function of the configs; got ${typeof expression}.`);
  }
  const [name, ...path] = parsePath(expression.trim(), `configExpr(${JSON.stringify(expression)})`);
  return makeDeferred({ root: { kind: "config", name: String(name) }, path });
}

/** @internal Copies decorator attributes, keeping a deferred value (`@resources(config.resources)`) whole. */
export function copyAttributes<A extends object>(attributes: A | undefined): Record<string, unknown> {
  if (attributes === undefined) return {};
  return isDeferred(attributes) ? (attributes as unknown as Record<string, unknown>) : { ...(attributes as Record<string, unknown>) };
}
