/**
 * Runs when `EtlFlow` (etl.ts) finishes successfully: deployed with `@triggerOnFinish`, its
 * Argo Events Sensor waits for the event EtlFlow's deployed runs announce at their end. Within a
 * project, it follows the EtlFlow of the same branch. `current.trigger` tells what started it.
 *
 *   npx metaflow-ts argo-workflows create examples/production/report.ts --image registry.example/flows:1
 *
 * @module
 */
import { FlowSpec, step, current, project, triggerOnFinish, main } from "metaflow-ts";

@project({ name: "analytics" })
@triggerOnFinish({ flow: "EtlFlow" })
export default class ReportFlow extends FlowSpec {
  startedBy!: string;

  @step
  start() {
    this.startedBy = current.trigger === undefined ? "hand" : String(current.trigger["name"] ?? current.trigger["type"]);
    this.next(this.end);
  }

  @step
  end() {
    console.log(`report started by ${this.startedBy}`);
  }
}

main(import.meta, ReportFlow);
