/**
 * Serializer: turns an artifact value into bytes and back. Serializers form an ordered list;
 * the first whose `encode` returns bytes wins, and its `encoding` is stored with the artifact
 * so that decoding dispatches on it.
 * @module
 */

/** One way of turning values into bytes. */
export interface Serializer {
  /** Stored with the artifact; must be unique. */
  readonly encoding: string;
  /** Bytes for the value, or `undefined` to let the next serializer try. Throws when the value cannot be stored. */
  encode(value: unknown): Uint8Array | undefined;
  /** Inverse of `encode`. */
  decode(bytes: Uint8Array): unknown;
}
