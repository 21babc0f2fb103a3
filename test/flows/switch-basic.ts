/**
 * Matrix: a plain switch `start -> {hot: hotStep | cold: coldStep} -> end`.
 * @module
 */
import { FlowSpec, step, Parameter, main } from "metaflow-ts";

/** SwitchBasicFlow: `--mode` picks the branch; only that branch runs. */
export default class SwitchBasicFlow extends FlowSpec {
  mode = Parameter("mode", { default: "hot", help: "which branch to take: hot or cold" });
  temp!: string;
  reading!: string;
  path!: string[];

  @step
  start() {
    this.temp = this.mode;
    this.path = ["start"];
    this.next({ hot: this.hotStep, cold: this.coldStep }, { condition: "temp" });
  }

  @step
  hotStep() {
    this.reading = "it is hot";
    this.path = [...this.path, "hotStep"];
    this.next(this.end);
  }

  @step
  coldStep() {
    this.reading = "it is cold";
    this.path = [...this.path, "coldStep"];
    this.next(this.end);
  }

  @step
  end() {
    this.path = [...this.path, "end"];
    console.log(this.reading);
  }
}

main(import.meta, SwitchBasicFlow);
