/**
 * V8's structured-clone serialization: objects, arrays, Map, Set, Date, RegExp, BigInt,
 * typed arrays, errors. Functions, symbols and other non-cloneable values are refused.
 * @module
 */
import v8 from "node:v8";
import type { Serializer } from "./serializer.js";

/** Structured-clone serializer; accepts anything structured clone can carry. */
export const v8Serializer: Serializer = {
  encoding: "v8",
  encode: (value) => v8.serialize(value),
  decode: (bytes) => v8.deserialize(bytes),
};
