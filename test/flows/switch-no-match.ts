/**
 * Behaviour: a switch value that matches no case fails the task, naming the value.
 * @module
 */
import { FlowSpec, step, main } from "metaflow-ts";

/** SwitchNoMatchFlow: `colour` is "purple"; the cases are red and blue. */
export default class SwitchNoMatchFlow extends FlowSpec {
  colour!: string;

  @step
  start() {
    this.colour = "purple";
    this.next({ red: this.redStep, blue: this.blueStep }, { condition: "colour" });
  }

  @step
  redStep() {
    this.next(this.end);
  }

  @step
  blueStep() {
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, SwitchNoMatchFlow);
