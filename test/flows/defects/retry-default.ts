/**
 * Issue 9, defect 2: a bare `@retry` (2 minutes between retries for remote runs) retries a
 * local run at once. `flaky` fails on its first attempt.
 * @module
 */
import { FlowSpec, step, retry, current, main } from "metaflow-ts";

/** RetryDefaultFlow: `flaky` succeeds on attempt 1. */
export default class RetryDefaultFlow extends FlowSpec {
  succeededOn!: number;

  @step
  start() {
    this.next(this.flaky);
  }

  @retry
  @step
  flaky() {
    if (current.retryCount === 0) throw new Error("first attempt fails");
    this.succeededOn = current.retryCount;
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, RetryDefaultFlow);
