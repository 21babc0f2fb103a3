/**
 * Writes one line to stdout and one to stderr in `start`: for `logs --stderr` and friends.
 * @module
 */
import { FlowSpec, step, main } from "metaflow-ts";

/** LogStreamsFlow: a task that prints to both streams. */
export default class LogStreamsFlow extends FlowSpec {
  greeting!: string;

  @step
  start() {
    this.greeting = "hello";
    console.log("to-stdout-line");
    console.error("to-stderr-line");
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, LogStreamsFlow);
