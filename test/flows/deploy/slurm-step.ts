/** A step on Slurm cannot be deployed to Argo Workflows (create must say so). */
import { FlowSpec, step, slurm, main } from "metaflow-ts";

export default class SlurmStepFlow extends FlowSpec {
  @slurm({ partition: "gpu" })
  @step
  start() {
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, SlurmStepFlow);
