/**
 * A flow configured from a TOML file: the Config is resolved before the run starts, so it can
 * set decorator attributes (`@resources`, `@schedule`) and parameter defaults, and every step
 * reads it as `this.config` (typed from the schema, read-only).
 *
 *   npx metaflow-ts run examples/configurable/flow.ts
 *   npx metaflow-ts run examples/configurable/flow.ts --config-override config.resources.cpu=4
 *   npx metaflow-ts configs examples/configurable/flow.ts
 *   npx metaflow-ts show examples/configurable/flow.ts
 *
 * @module
 */
import { FlowSpec, step, Parameter, Config, configExpr, resources, retry, schedule, main, type Inputs } from "metaflow-ts";
import { z } from "zod";

const config = Config("config", {
  default: "./myconfig.toml", // relative to this file; the parser comes from the extension
  schema: z.object({
    model: z.object({ optimizer: z.string(), learning_rate: z.number() }),
    resources: z.object({ cpu: z.number().int().positive() }),
    schedule: z.object({ cron: z.string() }),
  }),
  help: "model, resources and schedule of the flow",
});

/** Fans out over three items with a step size taken from the config (unless `--alpha` is given). */
@schedule({ cron: configExpr("config.schedule.cron") })
export default class ConfigurableFlow extends FlowSpec {
  /** The config: `this.config.model.optimizer` is a string, and writes throw. */
  config = config;
  /** Step size; its default comes from the config. */
  alpha = Parameter("alpha", { default: config.model.learning_rate, help: "step size" });
  items!: string[];
  value!: string;
  all!: string[];

  /** Prints the config and fans out over the items. */
  @resources({ cpu: config.resources.cpu })
  @step
  start() {
    console.log(`config: ${JSON.stringify(this.config)}`);
    console.log(`optimizer ${this.config.model.optimizer}, learning rate ${this.config.model.learning_rate}, cpu ${this.config.resources.cpu}`);
    this.items = ["a", "b", "c"];
    this.next(this.body, { foreach: "items" });
  }

  /** Tags each item with alpha. */
  @retry({ times: 2 })
  @step
  body() {
    this.value = `${this.input}-${this.alpha}`;
    this.next(this.join);
  }

  /** Collects the values. */
  @step
  join(inputs: Inputs<ConfigurableFlow>) {
    this.all = inputs.map((i) => i.value);
    this.next(this.end);
  }

  /** Prints the result. */
  @step
  end() {
    console.log(`all: ${this.all.join(", ")} (schedule ${this.config.schedule.cron})`);
  }
}

main(import.meta, ConfigurableFlow);
