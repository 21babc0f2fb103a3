/**
 * Large arrays of numbers stored as their float64 values, 8 bytes each (little-endian), instead
 * of V8's structured clone: encoding is one copy, and the bytes of a value depend only on its
 * numbers. (V8 decodes an array into a holey one and encodes a holey array in its sparse format,
 * so a structured-clone array never encodes back to the bytes it came from.) That makes "is this
 * loaded array unchanged?" a hash of one copy instead of a second decoding and a deep comparison.
 *
 * Only plain arrays qualify: every element a number (no hole), `Array.prototype` as prototype, and
 * no property besides the elements (structured clone keeps named properties of an array; those
 * arrays go to it).
 * @module
 */
import os from "node:os";
import { inspect, types } from "node:util";
import type { Serializer } from "./serializer.js";

/** Shorter arrays stay with structured clone (nothing to gain, and their format stays as it was). */
export const minNumberArrayLength = 1024;

const littleEndian = os.endianness() === "LE";

/** Stores a plain array of at least {@link minNumberArrayLength} numbers as float64 values; gives back a plain array. */
export const numberArraySerializer: Serializer = {
  encoding: "float64-array",
  encode: (value) => {
    if (!isPlainNumberArray(value)) return undefined;
    const floats = Float64Array.from(value);
    if (!littleEndian) for (let i = 0, view = new DataView(floats.buffer); i < floats.length; i++) view.setFloat64(i * 8, value[i]!, true);
    return new Uint8Array(floats.buffer, floats.byteOffset, floats.byteLength);
  },
  decode: (bytes) => {
    const n = bytes.byteLength / 8;
    // Grown from a one-double literal, the array has float64 storage from the start; `new Array(n)`
    // would start with tagged storage and convert all of it at the first non-integer (~35% slower).
    const out: number[] = [0.5];
    out.length = n;
    if (littleEndian && bytes.byteOffset % 8 === 0) {
      const floats = new Float64Array(bytes.buffer, bytes.byteOffset, n);
      for (let i = 0; i < n; i++) out[i] = floats[i]!;
    } else {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(i * 8, true);
    }
    return out;
  },
};

/**
 * The bytes {@link numberArraySerializer} would give for `value`, a slice at a time in one reused
 * buffer (to hash them without a copy of the whole array); undefined when it would not take `value`.
 */
export function numberArrayChunks(value: unknown, chunkLength = 64 * 1024): Iterable<Uint8Array> | undefined {
  if (!isPlainNumberArray(value)) return undefined;
  const slice = new Float64Array(chunkLength);
  const view = new DataView(slice.buffer);
  return (function* () {
    for (let start = 0; start < value.length; start += chunkLength) {
      const n = Math.min(chunkLength, value.length - start);
      fillSlice(value, start, n, slice, view);
      yield new Uint8Array(slice.buffer, 0, n * 8);
    }
  })();
}

/**
 * Copies `n` numbers from `start` into `slice`. A function of its own, not the generator's loop:
 * V8 optimizes a plain function's loop while it runs, a generator's only on a later call, and until
 * then every number read is boxed (1e6 numbers: 16 MB of garbage, twice the time).
 */
function fillSlice(value: number[], start: number, n: number, slice: Float64Array, view: DataView): void {
  if (littleEndian) for (let i = 0; i < n; i++) slice[i] = value[start + i]!;
  else for (let i = 0; i < n; i++) view.setFloat64(i * 8, value[start + i]!, true);
}

function isPlainNumberArray(value: unknown): value is number[] {
  if (!Array.isArray(value) || value.length < minNumberArrayLength || types.isProxy(value) || Object.getPrototypeOf(value) !== Array.prototype) return false;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== "number") return false;
  return hasOnlyElements(value);
}

/**
 * Whether an array has no own enumerable property besides its elements. `Object.keys()` would make
 * a string of every index (a million of them for a million numbers); `util.inspect` with no items
 * shown lists only the other properties (Node reads them with V8's index-skipping key collector),
 * so an array without any prints as exactly `[ ... N more items ]`.
 */
function hasOnlyElements(value: unknown[]): boolean {
  const shown = inspect(value, { maxArrayLength: 0, depth: 0, customInspect: false, showHidden: false, breakLength: Infinity });
  return shown === `[ ... ${value.length} more item${value.length === 1 ? "" : "s"} ]`;
}
