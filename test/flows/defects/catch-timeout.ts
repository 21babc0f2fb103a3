/**
 * Issue 9, defect 3: `@catchError` catches a task that timed out or whose process died.
 * `risky` sleeps past its two-second @timeout.
 * @module
 */
import { FlowSpec, step, catchError, timeout, main } from "metaflow-ts";

/** CatchTimeoutFlow: `end` reports what `risky` caught. */
export default class CatchTimeoutFlow extends FlowSpec {
  failed!: { type: string; message: string } | undefined;
  report!: string;

  @step
  start() {
    this.next(this.risky);
  }

  @catchError({ var: "failed" })
  @timeout({ seconds: 2 })
  @step
  async risky() {
    await new Promise((resolve) => setTimeout(resolve, 600_000));
    this.next(this.end);
  }

  @step
  end() {
    this.report = this.failed === undefined ? "nothing caught" : `${this.failed.type}: ${this.failed.message}`;
    console.log(`report: ${this.report}`);
  }
}

main(import.meta, CatchTimeoutFlow);
