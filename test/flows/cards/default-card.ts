/** A bare @card on `start` (the default card), a parameter, and artifacts that try to inject HTML. */
import { FlowSpec, step, card, Parameter, main } from "metaflow-ts";

export default class DefaultCardFlow extends FlowSpec {
  greeting = Parameter("greeting", { default: "<b>hello</b>" });

  @card
  @step
  start() {
    this.note = "<script>alert('artifact')</script>";
    this.numbers = [1, 2, 3];
    this.big = "x".repeat(2 * 1024 * 1024);
    this.next(this.middle);
  }
  note!: string;
  numbers!: number[];
  big!: string;

  @step
  middle() {
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, DefaultCardFlow);
