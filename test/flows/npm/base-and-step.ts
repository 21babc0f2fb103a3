// @npmBase gives every step is-number; a step's @npm wins over it; versions may come from a Config.
import isNumber from "is-number";
import { Config, FlowSpec, step, npm, npmBase, main } from "metaflow-ts";

const deps = Config("deps", { defaultValue: { base: "6.0.0", newer: "^7" } });

@npmBase({ packages: { "is-number": deps.base } })
export default class BaseAndStepFlow extends FlowSpec {
  deps = deps;
  startName!: string;
  endName!: string;

  @npm({ packages: { "is-number": deps.newer } })
  @step
  start() {
    this.startName = isNumber.name;
    this.next(this.end);
  }

  @step
  end() {
    this.endName = isNumber.name;
  }
}

main(import.meta, BaseAndStepFlow);
