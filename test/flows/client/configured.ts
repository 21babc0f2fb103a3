/** A Config and a Parameter, for Runner configs and sweeps. */
import { FlowSpec, step, Config, Parameter, main } from "metaflow-ts";

const settings = Config("settings", { defaultValue: { rate: 1 } });

export default class ConfiguredFlow extends FlowSpec {
  settings = settings;
  alpha = Parameter("alpha", { default: 1 });
  product!: number;

  @step
  start() {
    this.product = this.settings.rate * this.alpha;
    console.log(`product ${this.product}`);
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, ConfiguredFlow);
