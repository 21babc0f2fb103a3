/**
 * Matrix: a static branch inside one case of a switch.
 * `start -> {split: splitStep | direct: directStep}; splitStep -> (p, q) -> pqJoin -> after; directStep -> after; after -> end`.
 * @module
 */
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

/** BranchInSwitchFlow: takes `split`; `p` and `q` run in parallel, `directStep` never runs. */
export default class BranchInSwitchFlow extends FlowSpec {
  route!: string;
  pValue!: string;
  qValue!: string;
  outcome!: string;

  @step
  start() {
    this.route = "split";
    this.next({ split: this.splitStep, direct: this.directStep }, { condition: "route" });
  }

  @step
  splitStep() {
    this.next(this.p, this.q);
  }

  @step
  p() {
    this.pValue = "p-done";
    this.next(this.pqJoin);
  }

  @step
  q() {
    this.qValue = "q-done";
    this.next(this.pqJoin);
  }

  @step
  pqJoin(inputs: Inputs<BranchInSwitchFlow>) {
    this.outcome = `${inputs.p.pValue}+${inputs.q.qValue}`;
    this.next(this.after);
  }

  @step
  directStep() {
    this.outcome = "direct";
    this.next(this.after);
  }

  @step
  after() {
    this.outcome = `after(${this.outcome})`;
    this.next(this.end);
  }

  @step
  end() {
    console.log(this.outcome);
  }
}

main(import.meta, BranchInSwitchFlow);
