/**
 * `Config(name, options)`: configuration of a flow, resolved when the flow is deployed (for a
 * local run: just before it starts), before Parameters, from TOML, YAML or JSON. The value
 * returned is typed as the config (from the schema when there is one); at module level it is a
 * deferred value usable in decorators and Parameter defaults; in a step it is the config itself.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { ErrorCode, MetaflowError } from "../errors.js";
import { deferredOf, makeDeferred, type ConfigValues } from "./deferred-value.js";

/** The type of a config without a schema: an object with any keys. */
export type ConfigData = { readonly [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A read-only view of `T` (what a step sees: writes are compile errors and throw at run time). */
export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer E)[]
    ? readonly DeepReadonly<E>[]
    : T extends Date
      ? T
      : T extends object
        ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
        : T;

/** What `default` and `defaultValue` functions receive. */
export interface ConfigContext {
  readonly flowName: string;
  readonly configName: string;
  readonly user: string;
  /** The folder of the flow file (relative `default` paths are resolved from it). */
  readonly flowDir: string;
  /** The git branch of the flow's folder; undefined outside a git checkout (or on a detached HEAD). */
  readonly gitBranch: string | undefined;
  /** The git commit of the flow's folder; undefined outside a git checkout. */
  readonly gitCommit: string | undefined;
  /** Environment variables of the process that resolves the configs. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A parser: text -> value. May be async. */
export type ConfigParserFunction = (text: string, ctx: { readonly configName: string; readonly file?: string }) => unknown;

/**
 * How a config's text is parsed: a built-in format, a function, or the name of an exported
 * function: `"parseIni"` (an export of the flow file) or `"module#export"` (a package, or a
 * path relative to the flow file's folder).
 */
export type ConfigParser = "toml" | "yaml" | "json" | ConfigParserFunction | (string & {});

/** Options of {@link Config}. */
export interface ConfigOptions<S extends StandardSchemaV1 | undefined = undefined> {
  /**
   * File(s) to read, relative to the flow file's folder; several files are deep-merged in order.
   * A function of the context may choose them. A missing file is an error.
   */
  readonly default?: string | readonly string[] | ((ctx: ConfigContext) => string | readonly string[]);
  /** The value itself: an object, a text to parse, or a function of the context returning one. */
  readonly defaultValue?: object | string | ((ctx: ConfigContext) => object | string | Promise<object | string>);
  /** Format of the text. @default from the file extension (.toml, .yaml/.yml, .json); JSON for text values */
  readonly parser?: ConfigParser;
  /** A Standard Schema validator (zod, valibot, arktype...): validates the value and types it. */
  readonly schema?: S;
  /** The run refuses to start when no value is given. @default false */
  readonly required?: boolean;
  /** Shown by `run --help` and `configs`. */
  readonly help?: string;
  /** Keep the parsed (and validated) value as it is: no read-only view. @default false */
  readonly plain?: boolean;
}

/** Runtime shape of a config declaration (what a Config field holds before the run binds it). */
export interface ConfigDeclaration {
  readonly kind: "config";
  readonly name: string;
  readonly options: ConfigOptions<StandardSchemaV1 | undefined>;
}

/** A config declaration found on a flow instance, with the field that holds it. */
export type ConfigFieldDeclaration = ConfigDeclaration & { readonly field: string };

/**
 * Declares a config of the flow. Assign it to a field (`config = config`) to read it in steps
 * as `this.config`; use its members at module level in decorators and Parameter defaults.
 *
 * @example
 * ```ts
 * const config = Config("config", { default: "./myconfig.toml", schema: z.object({ resources: z.object({ cpu: z.number() }) }) });
 * export default class MyFlow extends FlowSpec {
 *   config = config;
 *   @resources({ cpu: config.resources.cpu }) @step start() { console.log(this.config.resources.cpu); this.next(this.end); }
 *   @step end() {}
 * }
 * ```
 */
export function Config<S extends StandardSchemaV1>(name: string, options: ConfigOptions<S> & { readonly schema: S }): DeepReadonly<StandardSchemaV1.InferOutput<S>>;
export function Config<T extends object = ConfigData>(name: string, options?: ConfigOptions): DeepReadonly<T>;
export function Config(name: string, options: ConfigOptions<StandardSchemaV1 | undefined> = {}): unknown {
  if (typeof name !== "string" || !/^[A-Za-z_][\w-]*$/.test(name)) {
    throw new MetaflowError(ErrorCode.ConfigError, `Config name ${JSON.stringify(name)} is not valid: use letters, digits, '_' and '-', starting with a letter (e.g. Config("settings", ...)).`);
  }
  if (options.default !== undefined && options.defaultValue !== undefined) {
    throw new MetaflowError(ErrorCode.ConfigError, `Config '${name}' has both default (a file) and defaultValue (a value); keep one of them.`);
  }
  const schema = options.schema as { "~standard"?: { validate?: unknown } } | undefined;
  if (schema !== undefined && typeof schema?.["~standard"]?.validate !== "function") {
    throw new MetaflowError(ErrorCode.ConfigError, `Config '${name}': schema is not a Standard Schema validator (no ~standard.validate). Pass a zod, valibot or arktype schema.`);
  }
  const declaration: ConfigDeclaration = Object.freeze({ kind: "config", name, options: Object.freeze({ ...options }) });
  return makeDeferred({ root: { kind: "config", name }, path: [], declaration });
}

/** @internal The config declaration a value stands for (a Config's own return value), if any. */
export function configDeclarationOf(value: unknown): ConfigDeclaration | undefined {
  const spec = deferredOf(value);
  return spec?.path.length === 0 && spec.declaration !== undefined ? (spec.declaration as ConfigDeclaration) : undefined;
}

/** The config declarations of a flow instance, by field. */
export function configDeclarationsOf(instance: object): ConfigFieldDeclaration[] {
  const out: ConfigFieldDeclaration[] = [];
  for (const field of Object.keys(instance)) {
    const decl = configDeclarationOf((instance as Record<string, unknown>)[field]);
    if (decl !== undefined) out.push({ ...decl, field });
  }
  return out;
}

export type { ConfigValues };
