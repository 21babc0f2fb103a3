/**
 * Behaviour: an artifact that cannot be stored (a function) fails the task, naming it.
 * @module
 */
import { FlowSpec, step, main } from "metaflow-ts";

/** UnserializableFlow: `callback` is a function. */
export default class UnserializableFlow extends FlowSpec {
  fine!: string;
  callback!: () => number;

  @step
  start() {
    this.fine = "storable";
    this.callback = () => 42;
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, UnserializableFlow);
