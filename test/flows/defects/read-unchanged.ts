/**
 * Issue 9, defect 7: an artifact read downstream but left unchanged keeps its reference (same
 * sha, no new blob); one changed in place is stored anew.
 * @module
 */
import { FlowSpec, step, main } from "metaflow-ts";

/** ReadUnchangedFlow: `middle` reads `table` and `counts`, changes only `counts` (and of two Buffers, only `bytesChanged`). */
export default class ReadUnchangedFlow extends FlowSpec {
  table!: Array<{ i: number; name: string; v: number }>;
  counts!: number[];
  rows!: number;
  /** Raw bytes read and left alone, and raw bytes changed in place (stored without re-encoding). */
  bytesKept!: Buffer;
  bytesChanged!: Buffer;
  bytesSum!: number;

  @step
  start() {
    this.table = Array.from({ length: 50 }, (_, i) => ({ i, name: `row ${i}`, v: i / 3 }));
    this.counts = [1, 2, 3.5];
    this.bytesKept = Buffer.from("kept bytes");
    this.bytesChanged = Buffer.from("abc");
    this.next(this.middle);
  }

  @step
  middle() {
    this.rows = this.table.length + this.table.filter((r) => r.v > 1).length;
    this.counts.push(4);
    this.bytesSum = this.bytesKept.reduce((a, b) => a + b, 0);
    this.bytesChanged[0] = 0x7a; // "zbc"
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, ReadUnchangedFlow);
