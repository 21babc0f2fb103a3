/**
 * Behaviour: parameters of every type, a required one and a function default.
 * @module
 */
import { FlowSpec, step, Parameter, main } from "metaflow-ts";

/** ParametersFlow: records what each parameter looked like inside a task. */
export default class ParametersFlow extends FlowSpec {
  name = Parameter("name", { default: "world", help: "who to greet" });
  count = Parameter("count", { default: 3, help: "how many times to repeat" });
  ratio = Parameter("ratio", { type: "number", default: 0.5, help: "a fraction" });
  loud = Parameter("loud", { default: false, help: "shout the greeting" });
  opts = Parameter("opts", { type: "json", default: { depth: 2 }, help: "options as JSON" });
  who = Parameter("who", { type: "string", required: true, help: "the required person" });
  stamp = Parameter("stamp", { type: "string", default: () => "computed-default", help: "defaults to a computed value" });

  types!: Record<string, string>;
  greeting!: string;
  seenInEnd!: Record<string, unknown>;

  @step
  start() {
    this.types = {
      name: typeof this.name,
      count: typeof this.count,
      ratio: typeof this.ratio,
      loud: typeof this.loud,
      opts: typeof this.opts,
      who: typeof this.who,
      stamp: typeof this.stamp,
    };
    const text = `hello ${this.name} and ${this.who}`;
    this.greeting = Array.from({ length: this.count }, () => (this.loud ? text.toUpperCase() : text)).join(" / ");
    console.log(this.greeting);
    this.next(this.end);
  }

  @step
  end() {
    this.seenInEnd = {
      name: this.name,
      count: this.count,
      ratio: this.ratio,
      loud: this.loud,
      opts: this.opts,
      who: this.who,
      stamp: this.stamp,
    };
  }
}

main(import.meta, ParametersFlow);
