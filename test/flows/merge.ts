/**
 * Behaviour: `mergeArtifacts` with `exclude`, with `include`, and (with `--mode conflict`)
 * a conflicting artifact that makes the join fail with an error naming it.
 *
 * `start -> (a, b) -> join1 -> split2 -> (c, d) -> join2 -> end`
 * @module
 */
import { FlowSpec, step, Parameter, main, type Inputs } from "metaflow-ts";

/** MergeFlow: see the module comment. */
export default class MergeFlow extends FlowSpec {
  mode = Parameter("mode", { default: "ok", help: "ok, or conflict to merge without excluding the conflict" });
  shared!: string;
  clash!: string;
  same!: string;
  onlyA!: number;
  onlyB!: number;
  chosen!: string;
  x!: string;
  keep!: string;

  @step
  start() {
    this.shared = "from-start";
    this.clash = "start";
    this.next(this.a, this.b);
  }

  @step
  a() {
    this.clash = "from-a";
    this.same = "equal";
    this.onlyA = 1;
    this.next(this.join1);
  }

  @step
  b() {
    this.clash = "from-b";
    this.same = "equal";
    this.onlyB = 2;
    this.next(this.join1);
  }

  /** Excludes the conflicting `clash`; everything else is unambiguous. */
  @step
  join1(inputs: Inputs<MergeFlow>) {
    this.chosen = inputs.a.clash;
    if (this.mode === "conflict") this.mergeArtifacts(inputs);
    else this.mergeArtifacts(inputs, { exclude: ["clash"] });
    this.next(this.split2);
  }

  /** A join cannot also be a split, so the second split gets its own step. */
  @step
  split2() {
    this.next(this.c, this.d);
  }

  @step
  c() {
    this.x = "c";
    this.keep = "kept";
    this.next(this.join2);
  }

  @step
  d() {
    this.x = "d";
    this.keep = "kept";
    this.next(this.join2);
  }

  /** Merges only `keep` and `shared`; the conflicting `x` is not considered. */
  @step
  join2(inputs: Inputs<MergeFlow>) {
    this.mergeArtifacts(inputs, { include: ["keep", "shared"] });
    this.next(this.end);
  }

  @step
  end() {
    console.log(`keep=${this.keep}`);
  }
}

main(import.meta, MergeFlow);
