/**
 * Failures: a linear flow without decorators, for `--with retry:...` and
 * `--with catchError:var=e`. `work` throws while `current.retryCount < failUntil`.
 * @module
 */
import { FlowSpec, step, current, Parameter, main } from "metaflow-ts";

/** PlainFlow: `start -> work -> end`. */
export default class PlainFlow extends FlowSpec {
  failUntil = Parameter("failUntil", { default: 1, help: "attempts of work that fail" });
  workAttempt!: number;
  note!: string;
  noteLength!: number;
  outcome!: string;

  @step
  start() {
    this.next(this.work);
  }

  @step
  work() {
    console.log(`work attempt ${current.retryCount}`);
    if (current.retryCount < this.failUntil) throw new RangeError(`work failed on attempt ${current.retryCount}`);
    this.workAttempt = current.retryCount;
    this.note = `noted by work on attempt ${current.retryCount}`;
    this.next(this.end);
  }

  @step
  end() {
    const e = (this as unknown as { e?: { type: string; message: string } }).e;
    this.outcome = e === undefined ? `work succeeded on attempt ${this.workAttempt}` : `caught ${e.type}: ${e.message}`;
    this.noteLength = this.note?.length ?? 0;
    console.log(this.outcome);
  }
}

main(import.meta, PlainFlow);
