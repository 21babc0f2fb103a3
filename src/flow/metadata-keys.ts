/**
 * Where decorators record what they learn about a flow class: the class's decorator
 * metadata object (TC39 `Symbol.metadata`), under private symbol keys.
 * @module
 */

import { ErrorCode, MetaflowError } from "../errors.js";

// Node 20 has no Symbol.metadata; the TC39 decorator transforms (esbuild, tsx) then use
// Symbol.for("Symbol.metadata"). Polyfill it so both sides agree.
(Symbol as { metadata?: symbol }).metadata ??= Symbol.for("Symbol.metadata");

/** `Symbol.metadata`, polyfilled. */
export const metadataSymbol: symbol = (Symbol as unknown as { metadata: symbol }).metadata;

/** Keys of the entries metaflow-ts writes into decorator metadata. */
export const MetaKey = {
  steps: Symbol.for("metaflow-ts.steps"),
  stepDecorators: Symbol.for("metaflow-ts.step-decorators"),
  flowDecorators: Symbol.for("metaflow-ts.flow-decorators"),
} as const;

/** A decorator applied to a step or flow, with its attributes as given. */
export interface AppliedDecorator {
  readonly name: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

type Meta = Record<symbol, unknown>;

function requireMeta(meta: DecoratorMetadataObject | undefined): DecoratorMetadataObject {
  if (meta === undefined) {
    throw new MetaflowError(
      ErrorCode.FlowLoad,
      "Decorator metadata is missing: the flow was compiled with legacy decorators. Remove `experimentalDecorators` from your tsconfig (metaflow-ts uses standard decorators).",
    );
  }
  return meta;
}

/** Step method names recorded on a class (own and inherited), in declaration order. */
export function stepNamesOf(cls: abstract new (...args: never[]) => unknown): string[] {
  const meta = (cls as unknown as Record<symbol, Meta | undefined>)[metadataSymbol];
  const steps = meta?.[MetaKey.steps] as string[] | undefined;
  return steps ? [...new Set(steps)] : [];
}

/** Decorators recorded on the steps of a class: step name -> decorators (outermost first). */
export function stepDecoratorsOf(cls: abstract new (...args: never[]) => unknown): Map<string, AppliedDecorator[]> {
  const meta = (cls as unknown as Record<symbol, Meta | undefined>)[metadataSymbol];
  const map = meta?.[MetaKey.stepDecorators] as Record<string, AppliedDecorator[]> | undefined;
  return new Map(Object.entries(map ?? {}).map(([k, v]) => [k, [...v].reverse()]));
}

/** Decorators recorded on a flow class (outermost first). */
export function flowDecoratorsOf(cls: abstract new (...args: never[]) => unknown): AppliedDecorator[] {
  const meta = (cls as unknown as Record<symbol, Meta | undefined>)[metadataSymbol];
  const list = meta?.[MetaKey.flowDecorators] as AppliedDecorator[] | undefined;
  return list ? [...list].reverse() : [];
}

/** Appends to an array entry of a decorator metadata object, copying an inherited one first. */
export function pushMeta<T>(meta: DecoratorMetadataObject | undefined, key: symbol, value: T): void {
  const m = requireMeta(meta) as unknown as Record<symbol, T[] | undefined>;
  const own = Object.prototype.hasOwnProperty.call(m, key) ? m[key] : undefined;
  m[key] = [...(own ?? m[key] ?? []), value];
}

/** Appends to a per-step list of a decorator metadata object (copy-on-write for subclasses). */
export function pushStepMeta<T>(meta: DecoratorMetadataObject | undefined, key: symbol, step: string, value: T): void {
  const m = requireMeta(meta) as unknown as Record<symbol, Record<string, T[]> | undefined>;
  const inherited = m[key] ?? {};
  const own = Object.prototype.hasOwnProperty.call(m, key) ? inherited : { ...inherited };
  own[step] = [...(own[step] ?? []), value];
  m[key] = own;
}
