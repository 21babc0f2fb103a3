/**
 * Issue 9, defect 11: in a join, artifacts that are not declared as fields are readable right
 * after `mergeArtifacts`, and a value set in the join before merging wins over the inputs'.
 * @module
 */
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

type Loose = Record<string, unknown>;

/** MergeUndeclaredFlow: nothing but `seen` is declared. */
export default class MergeUndeclaredFlow extends FlowSpec {
  seen!: unknown[];

  @step
  start() {
    (this as unknown as Loose)["shared"] = "same everywhere";
    this.next(this.a, this.b);
  }

  @step
  a() {
    (this as unknown as Loose)["differs"] = "from a";
    this.next(this.join);
  }

  @step
  b() {
    (this as unknown as Loose)["differs"] = "from b";
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<MergeUndeclaredFlow>) {
    const self = this as unknown as Loose;
    self["differs"] = "set in the join";
    this.mergeArtifacts(inputs);
    this.seen = [self["shared"], self["differs"]];
    this.next(this.end);
  }

  @step
  end() {}
}

main(import.meta, MergeUndeclaredFlow);
