/**
 * The flow of DESIGN.md §1, at the path the design names (`examples/configurable.ts`): a TOML Config
 * (zod schema) sets `@resources`, `@schedule` and a parameter default; a foreach over three items.
 * `examples/configurable/flow.ts` is the same flow with more comments and output.
 *
 *   npx metaflow-ts run examples/configurable.ts
 *   npx tsx examples/configurable.ts run --alpha 0.3
 *
 * @module
 */
import { FlowSpec, step, Parameter, Config, configExpr, resources, retry, schedule, main, type Inputs } from "metaflow-ts";
import { z } from "zod";

const config = Config("config", {
  default: "./configurable/myconfig.toml", // relative to this file; parser picked from the extension
  schema: z.object({ model: z.object({ optimizer: z.string(), learning_rate: z.number() }),
                     resources: z.object({ cpu: z.number() }), schedule: z.object({ cron: z.string() }) }),
});

/** Fans out over three items with a step size taken from the config (unless `--alpha` is given). */
@schedule({ cron: configExpr("config.schedule.cron") })
export default class ConfigurableFlow extends FlowSpec {
  config = config;                                         // this.config: typed, deep-frozen
  alpha = Parameter("alpha", { default: config.model.learning_rate, help: "step size" });
  items!: string[];                                        // artifacts are plain fields

  @resources({ cpu: config.resources.cpu })                 // config values usable in decorators
  @step
  start() {
    this.items = ["a", "b", "c"];
    this.next(this.body, { foreach: "items" });
  }

  @retry({ times: 2 })
  @step
  body() {
    this.value = `${this.input}-${this.alpha}`;            // this.input / this.index in a foreach
    this.next(this.join);
  }
  value!: string;

  @step
  join(inputs: Inputs<ConfigurableFlow>) {
    this.all = inputs.map((i) => i.value);
    this.next(this.end);
  }
  all!: string[];

  @step
  end() {}
}

main(import.meta, ConfigurableFlow);
