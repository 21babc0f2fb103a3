/**
 * Benchmark flow B4: `start` stores a 100 MiB Buffer and a 1,000,000-number array; `check`
 * reads both back and fails unless their sizes are right. The bytes are pseudo-random but
 * deterministic, so a second run produces the same blobs (what B4b measures: dedupe).
 * @module
 */
import { FlowSpec, step, main } from "metaflow-ts";

/** Size of the byte artifact. */
const BYTES = 100 * 1024 * 1024;
/** Length of the number array. */
const NUMBERS = 1_000_000;

/** `length` bytes from a fixed-seed xorshift32 generator (not compressible, always the same). */
function pseudoRandomBytes(length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  const words = new Uint32Array(buf.buffer, buf.byteOffset, length >>> 2);
  let x = 0x9e3779b9;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return buf;
}

export default class BigArtifactsBenchFlow extends FlowSpec {
  blob!: Buffer;
  numbers!: number[];

  @step
  start() {
    this.blob = pseudoRandomBytes(BYTES);
    this.numbers = Array.from({ length: NUMBERS }, (_, i) => i * 0.5);
    this.next(this.check);
  }

  @step
  check() {
    if (this.blob.length !== BYTES) throw new Error(`blob has ${this.blob.length} bytes, expected ${BYTES}`);
    if (this.numbers.length !== NUMBERS) throw new Error(`numbers has ${this.numbers.length} items, expected ${NUMBERS}`);
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, BigArtifactsBenchFlow);
