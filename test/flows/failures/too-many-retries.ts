/**
 * Failures: `@retry({ times: 5 })` is more than Metaflow's maximum of 4 retries: refused
 * before the run starts.
 * @module
 */
import { FlowSpec, step, retry, main } from "metaflow-ts";

/** TooManyRetriesFlow: never runs. */
export default class TooManyRetriesFlow extends FlowSpec {
  @retry({ times: 5, minutesBetweenRetries: 0 })
  @step
  start() {
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, TooManyRetriesFlow);
