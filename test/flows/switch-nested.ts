/**
 * Matrix: a switch inside a switch.
 * `start -> {a: pickA | b: pickB}; pickA -> {x: ax | y: ay} -> afterA -> end; pickB -> end`.
 * @module
 */
import { FlowSpec, step, main } from "metaflow-ts";

/** SwitchNestedFlow: takes `a` then `y`; `pickB` and `ax` never run. */
export default class SwitchNestedFlow extends FlowSpec {
  outerChoice!: string;
  innerChoice!: string;
  path!: string[];
  result!: string;

  @step
  start() {
    this.outerChoice = "a";
    this.path = ["start"];
    this.next({ a: this.pickA, b: this.pickB }, { condition: "outerChoice" });
  }

  @step
  pickA() {
    this.innerChoice = "y";
    this.path = [...this.path, "pickA"];
    this.next({ x: this.ax, y: this.ay }, { condition: "innerChoice" });
  }

  @step
  ax() {
    this.result = "ax";
    this.path = [...this.path, "ax"];
    this.next(this.afterA);
  }

  @step
  ay() {
    this.result = "ay";
    this.path = [...this.path, "ay"];
    this.next(this.afterA);
  }

  @step
  afterA() {
    this.path = [...this.path, "afterA"];
    this.next(this.end);
  }

  @step
  pickB() {
    this.result = "b";
    this.path = [...this.path, "pickB"];
    this.next(this.end);
  }

  @step
  end() {
    this.path = [...this.path, "end"];
  }
}

main(import.meta, SwitchNestedFlow);
