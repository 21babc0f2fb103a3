/**
 * Failures: `@timeout` with `@retry`. Attempt 0 of `slow` hangs and is killed after 1
 * second; attempt 1 finishes at once.
 * @module
 */
import { setTimeout as sleep } from "node:timers/promises";
import { FlowSpec, step, timeout, retry, current, main } from "metaflow-ts";

/** TimeoutRetryFlow: succeeds on the retry. */
export default class TimeoutRetryFlow extends FlowSpec {
  doneOnAttempt!: number;

  @step
  start() {
    this.next(this.slow);
  }

  @timeout({ seconds: 1 })
  @retry({ times: 1, minutesBetweenRetries: 0 })
  @step
  async slow() {
    console.log(`attempt ${current.retryCount}`);
    if (current.retryCount === 0) await sleep(60_000);
    this.doneOnAttempt = current.retryCount;
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, TimeoutRetryFlow);
