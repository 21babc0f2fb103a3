/**
 * Raw bytes: a Buffer or Uint8Array artifact is stored as is (no copy into another format),
 * so large binary artifacts cost one write and one read.
 * @module
 */
import type { Serializer } from "./serializer.js";

/** Stores a Buffer as raw bytes and gives back a Buffer. */
export const bufferSerializer: Serializer = {
  encoding: "buffer",
  encode: (value) => (Buffer.isBuffer(value) ? value : undefined),
  decode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
};

/** Stores a plain Uint8Array as raw bytes and gives back a Uint8Array. */
export const uint8ArraySerializer: Serializer = {
  encoding: "bytes",
  encode: (value) => (value instanceof Uint8Array && value.constructor === Uint8Array ? value : undefined),
  decode: (bytes) => new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
};
