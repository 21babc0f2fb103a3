/**
 * Encodes artifact values with the ordered list of serializers, with errors that name the
 * artifact, its type and why it cannot be stored.
 * @module
 */
import { ErrorCode, MetaflowError } from "../../errors.js";
import { bufferSerializer, uint8ArraySerializer } from "./bytes-serializer.js";
import { numberArraySerializer } from "./number-array-serializer.js";
import type { Serializer } from "./serializer.js";
import { v8Serializer } from "./v8-serializer.js";

/** The built-in serializers, tried in order. */
export const defaultSerializers: readonly Serializer[] = [bufferSerializer, uint8ArraySerializer, numberArraySerializer, v8Serializer];

/** An encoded artifact value. */
export interface EncodedValue {
  readonly encoding: string;
  readonly bytes: Uint8Array;
  readonly type: string;
}

/** Encodes `value` for the artifact `name`; throws a MetaflowError saying why it cannot be stored. */
export function encodeArtifact(name: string, value: unknown, serializers: readonly Serializer[] = defaultSerializers): EncodedValue {
  const type = describeType(value);
  if (typeof value === "function" || typeof value === "symbol") throw unstorable(name, type, findUnstorable(value) ?? "");
  // Structured clone would store a class instance as a plain object and drop its methods
  // without a word: refuse it (a data-only class instance is stored as its fields).
  if (typeof value === "object" && value !== null) {
    const instance = findInstanceWithBehaviour(value);
    if (instance !== undefined) throw unstorable(name, type, instance);
  }
  for (const s of serializers) {
    let bytes: Uint8Array | undefined;
    try {
      bytes = s.encode(value);
    } catch (e) {
      // Only now walk the value, to say where the offending part is (walking every value up
      // front would cost more than serializing it).
      throw unstorable(name, type, findUnstorable(value) ?? (e as Error).message);
    }
    if (bytes !== undefined) return { encoding: s.encoding, bytes, type };
  }
  throw unstorable(name, type, "no serializer accepts it");
}

/** Decodes bytes stored with `encoding`. */
export function decodeArtifact(encoding: string, bytes: Uint8Array, serializers: readonly Serializer[] = defaultSerializers): unknown {
  const s = serializers.find((x) => x.encoding === encoding);
  if (s === undefined) {
    throw new MetaflowError(ErrorCode.ArtifactSerialization, `Unknown artifact encoding '${encoding}': this artifact was written by a newer or extended metaflow-ts.`);
  }
  return s.decode(bytes);
}

/** A short name for a value's type: `string`, `number`, `Array`, `Map`, `MyClass`, `null`. */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  return proto?.constructor?.name || "Object";
}

function unstorable(name: string, type: string, why: string): MetaflowError {
  return new MetaflowError(
    ErrorCode.ArtifactSerialization,
    `Artifact '${name}' (of type ${type}) cannot be stored: ${why}. ` +
      "Artifacts must be values structured clone can carry (plain objects, arrays, Map, Set, Date, BigInt, typed arrays, Buffer); " +
      "store data rather than functions, class instances with behaviour or handles, or delete the field before the step ends.",
  );
}

/** Built-in classes structured clone carries faithfully (or that findUnstorable explains better). */
const cloneable: ReadonlyArray<abstract new (...args: never[]) => unknown> = [Map, Set, Date, RegExp, Error, Boolean, Number, String, Promise, WeakMap, WeakSet];

/** The name of the class of `value` when that class defines methods or accessors, else undefined. */
function classWithBehaviour(value: object): string | undefined {
  if (Array.isArray(value) || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return undefined;
  let proto = Object.getPrototypeOf(value) as object | null;
  if (proto === null || proto === Object.prototype || cloneable.some((c) => value instanceof c)) return undefined;
  const name = describeType(value);
  for (; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === "constructor") continue;
      const d = Object.getOwnPropertyDescriptor(proto, key);
      if (d !== undefined && (d.get !== undefined || d.set !== undefined || typeof d.value === "function")) return name;
    }
  }
  return undefined;
}

/** Finds a class instance whose methods structured clone would drop, and says where it is. */
function findInstanceWithBehaviour(value: unknown, path = "", seen = new Set<object>()): string | undefined {
  if (value === null || typeof value !== "object" || seen.has(value) || ArrayBuffer.isView(value)) return undefined;
  seen.add(value);
  const cls = classWithBehaviour(value);
  if (cls !== undefined) {
    return `it ${path ? `holds an instance of class ${cls} at ${path}` : `is an instance of class ${cls}`}, whose methods would be lost (a stored value is data only). Store its data (e.g. a plain object) and rebuild the instance where it is needed`;
  }
  if (value instanceof Map) {
    for (const [k, v] of value) {
      const r = findInstanceWithBehaviour(k, `${path}<key>`, seen) ?? findInstanceWithBehaviour(v, `${path}.get(${String(k)})`, seen);
      if (r !== undefined) return r;
    }
    return undefined;
  }
  if (value instanceof Set) {
    for (const v of value) {
      const r = findInstanceWithBehaviour(v, `${path}<item>`, seen);
      if (r !== undefined) return r;
    }
    return undefined;
  }
  if (Array.isArray(value)) {
    // Indexes by a counter: Object.keys() of a 1,000,000-item array makes a million strings.
    // (Named properties of an array are not walked: rare, and stored as structured clone stores them.)
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (v === null || typeof v !== "object") continue;
      const r = findInstanceWithBehaviour(v, `${path}[${i}]`, seen);
      if (r !== undefined) return r;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v === null || typeof v !== "object") continue;
    const r = findInstanceWithBehaviour(v, `${path}.${key}`, seen);
    if (r !== undefined) return r;
  }
  return undefined;
}

/** Finds a value structured clone would silently mangle or refuse, with a path to it. */
function findUnstorable(value: unknown, path = "", seen = new Set<object>()): string | undefined {
  if (typeof value === "function") return `it ${path ? `holds a function at ${path}` : "is a function"}`;
  if (typeof value === "symbol") return `it ${path ? `holds a symbol at ${path}` : "is a symbol"}`;
  if (value === null || typeof value !== "object" || seen.has(value)) return undefined;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return undefined;
  seen.add(value);
  if (value instanceof Promise) return `it ${path ? `holds a Promise at ${path}` : "is a Promise"} (await it first)`;
  if (value instanceof WeakMap || value instanceof WeakSet) return `it ${path ? `holds a ${describeType(value)} at ${path}` : `is a ${describeType(value)}`}`;
  if (value instanceof Map) {
    for (const [k, v] of value) {
      const r = findUnstorable(k, `${path}<key>`, seen) ?? findUnstorable(v, `${path}.get(${String(k)})`, seen);
      if (r !== undefined) return r;
    }
    return undefined;
  }
  if (value instanceof Set) {
    for (const v of value) {
      const r = findUnstorable(v, `${path}<item>`, seen);
      if (r !== undefined) return r;
    }
    return undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const r = findUnstorable(value[i], `${path}[${i}]`, seen);
      if (r !== undefined) return r;
    }
  }
  for (const key of Object.keys(value)) {
    if (Array.isArray(value) && isIndex(key)) continue;
    const r = findUnstorable((value as Record<string, unknown>)[key], `${path}.${key}`, seen);
    if (r !== undefined) return r;
  }
  return undefined;
}

/** Whether an own key of an array is one of its indexes. */
function isIndex(key: string): boolean {
  return /^(0|[1-9]\d*)$/.test(key);
}
