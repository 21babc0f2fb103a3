/**
 * A scheduled flow, configured at deploy time: its cron, retries and resources come from
 * `etl.toml` when the flow is *created* on Argo Workflows, and stay fixed for that deployment
 * even if the file changes later (re-create to pick up a change). `report.ts` runs after it.
 *
 *   npx metaflow-ts run examples/production/etl.ts                       # locally, as always
 *   npx metaflow-ts argo-workflows create examples/production/etl.ts --image registry.example/flows:1 --only-json
 *   npx metaflow-ts argo-workflows create examples/production/etl.ts --image registry.example/flows:1
 *   npx metaflow-ts argo-workflows trigger examples/production/etl.ts --rows 500
 *
 * @module
 */
import { FlowSpec, step, Parameter, Config, configExpr, current, project, resources, retry, schedule, main, type Inputs } from "metaflow-ts";

const config = Config("config", { default: "./etl.toml", help: "schedule, retries and resources of the ETL" });

@project({ name: "analytics" })
@schedule({ cron: configExpr("config.schedule.cron") })
export default class EtlFlow extends FlowSpec {
  config = config;
  rows = Parameter("rows", { default: config.extract.rows, help: "rows to extract" });
  shards!: number[];
  total!: number;
  count!: number;

  @step
  start() {
    console.log(`project ${current.projectName ?? "-"} branch ${current.branchName ?? "-"}`);
    this.shards = Array.from({ length: this.config.extract.shards }, (_, i) => i);
    this.next(this.extract, { foreach: "shards" });
  }

  @retry({ times: config.retry.times, minutesBetweenRetries: 0 })
  @resources({ cpu: config.resources.cpu, memory: config.resources.memory })
  @step
  extract() {
    const per = Math.ceil(this.rows / this.shards.length);
    this.count = Math.min(per, this.rows - (this.input as number) * per);
    this.next(this.load);
  }

  @step
  load(inputs: Inputs<EtlFlow>) {
    this.total = inputs.reduce((sum, i) => sum + i.count, 0);
    this.next(this.end);
  }

  @step
  end() {
    console.log(`loaded ${this.total} rows`);
  }
}

main(import.meta, EtlFlow);
