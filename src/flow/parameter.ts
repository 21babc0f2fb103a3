/**
 * `Parameter(name, options)`: a run-time input of a flow, set with `--name value` on `run`.
 * In the class body it is a field initializer; the runtime replaces the field with the
 * run's (read-only) value, so the field is typed as the value.
 * @module
 */

/** Type names a parameter can declare. */
export type ParameterType = "string" | "number" | "boolean" | "json";

/** What a function default receives. */
export interface ParameterContext {
  readonly flowName: string;
  readonly parameterName: string;
  readonly user: string;
  /** The flow's resolved configs, by config name (configs are resolved before parameters). */
  readonly configs: Readonly<Record<string, unknown>>;
}

/** Options of {@link Parameter}. */
export interface ParameterOptions<T> {
  /** Value when `--name` is not given; a function of the context is called at run start. */
  readonly default?: T | ((ctx: ParameterContext) => T);
  /** Value type; inferred from the default when omitted, else `string`. */
  readonly type?: ParameterType;
  /** Shown by `run --help`. */
  readonly help?: string;
  /** The run refuses to start without a value. @default false */
  readonly required?: boolean;
}

/** Runtime shape of a parameter declaration (what the field holds before binding). */
export interface ParameterDeclaration {
  readonly kind: "parameter";
  readonly name: string;
  readonly options: ParameterOptions<unknown>;
}

const marker = Symbol.for("metaflow-ts.declaration");

type Widen<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean : T;
type ValueOfType<K extends ParameterType> = K extends "string" ? string : K extends "number" ? number : K extends "boolean" ? boolean : unknown;

/**
 * Declares a flow parameter. Returns the parameter's value type so the field is typed.
 *
 * @example
 * ```ts
 * class TrainFlow extends FlowSpec {
 *   alpha = Parameter("alpha", { default: 0.01, help: "learning rate" });   // number
 *   name = Parameter("name", { type: "string", required: true });           // string
 * }
 * ```
 */
export function Parameter<K extends ParameterType>(name: string, options: ParameterOptions<ValueOfType<K>> & { type: K }): ValueOfType<K>;
export function Parameter<T>(name: string, options: ParameterOptions<T> & { default: T | ((ctx: ParameterContext) => T) }): Widen<T>;
export function Parameter(name: string, options?: ParameterOptions<string>): string;
export function Parameter(name: string, options: ParameterOptions<unknown> = {}): unknown {
  return declaration<ParameterDeclaration>({ kind: "parameter", name, options });
}

/** @internal Tags an object as a declaration the runtime binds (parameter, include file, config). */
export function declaration<T extends { kind: string }>(value: T): T {
  Object.defineProperty(value, marker, { value: true });
  return Object.freeze(value);
}

/** @internal Whether a field value is a declaration made by Parameter/IncludeFile/Config. */
export function isDeclaration(value: unknown): value is { kind: string; name: string } {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[marker] === true;
}

/** @internal The declared or inferred type of a parameter. */
export function parameterType(decl: ParameterDeclaration): ParameterType {
  if (decl.options.type) return decl.options.type;
  const d = decl.options.default;
  if (typeof d === "number") return "number";
  if (typeof d === "boolean") return "boolean";
  if (typeof d === "string" || d === undefined || typeof d === "function") return "string";
  return "json";
}
