/**
 * Failures: `@catchError` with `@retry`. `risky` throws a TypeError on every attempt; once
 * the retry is used up the exception is stored in `failed` and the flow goes on.
 * @module
 */
import { FlowSpec, step, retry, catchError, current, main } from "metaflow-ts";

/** What `@catchError` stores. */
export interface Caught {
  type: string;
  message: string;
  stack?: string;
}

/** CatchErrorFlow: `end` reports what `risky` caught. */
export default class CatchErrorFlow extends FlowSpec {
  failed!: Caught | undefined;
  attempts!: number[];
  partial!: string;
  report!: string;

  @step
  start() {
    this.attempts = [];
    this.next(this.risky);
  }

  @catchError({ var: "failed" })
  @retry({ times: 1, minutesBetweenRetries: 0 })
  @step
  risky() {
    this.attempts = [...this.attempts, current.retryCount];
    if (current.retryCount >= 0) throw new TypeError(`bad input on attempt ${current.retryCount}`);
    this.next(this.end);
  }

  @step
  end() {
    this.report = this.failed === undefined ? "no exception" : `${this.failed.type}: ${this.failed.message}`;
    console.log(`report: ${this.report}`);
  }
}

main(import.meta, CatchErrorFlow);
