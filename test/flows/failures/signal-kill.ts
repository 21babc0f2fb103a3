/**
 * Failures: a task killed by a signal. Attempt 0 of `victim` sends SIGKILL to its own
 * process (as the OOM killer would); `@retry` runs it again and attempt 1 succeeds.
 * @module
 */
import { FlowSpec, step, retry, current, main } from "metaflow-ts";

/** SignalKillFlow: `victim` dies on attempt 0. */
export default class SignalKillFlow extends FlowSpec {
  survivedOn!: number;

  @step
  start() {
    this.next(this.victim);
  }

  @retry({ times: 1, minutesBetweenRetries: 0 })
  @step
  victim() {
    console.log(`victim attempt ${current.retryCount}`);
    if (current.retryCount === 0) process.kill(process.pid, "SIGKILL");
    this.survivedOn = current.retryCount;
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, SignalKillFlow);
