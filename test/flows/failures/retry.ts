/**
 * Failures: `@retry`. `flaky` throws while `current.retryCount < failUntil`, printing the
 * attempt to stdout and stderr, so each attempt's logs can be told apart.
 * @module
 */
import { FlowSpec, step, retry, current, Parameter, main } from "metaflow-ts";

/** RetryFlow: `--failUntil 1` succeeds on attempt 1; `--failUntil 9` exhausts the 2 retries. */
export default class RetryFlow extends FlowSpec {
  failUntil = Parameter("failUntil", { default: 1, help: "attempts that fail before one succeeds" });
  attemptSeen!: number;
  maxSeen!: number;

  @step
  start() {
    this.next(this.flaky);
  }

  @retry({ times: 2, minutesBetweenRetries: 0 })
  @step
  flaky() {
    console.log(`stdout of attempt ${current.retryCount}`);
    console.error(`stderr of attempt ${current.retryCount}`);
    if (current.retryCount < this.failUntil) throw new Error(`flaky failure on attempt ${current.retryCount}`);
    this.attemptSeen = current.retryCount;
    this.next(this.end);
  }

  @step
  end() {
    this.maxSeen = this.attemptSeen;
  }
}

main(import.meta, RetryFlow);
