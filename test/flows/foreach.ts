/**
 * Matrix: foreach `start -> body* -> join -> end` over four items.
 * @module
 */
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

/** ForeachFlow: each body task records its item and index; the join collects them in order. */
export default class ForeachFlow extends FlowSpec {
  items!: string[];
  item!: string;
  position!: number;
  value!: string;
  values!: string[];
  positions!: number[];
  joined!: number;
  finished!: boolean;

  @step
  start() {
    this.items = ["x", "y", "z", "w"];
    this.next(this.body, { foreach: "items" });
  }

  @step
  body() {
    this.item = this.input as string;
    this.position = this.index;
    this.value = `${this.item}:${this.index}`;
    console.log(`body ${this.value}`);
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<ForeachFlow>) {
    this.values = inputs.map((i) => i.value);
    this.positions = inputs.map((i) => i.position);
    this.joined = inputs.length;
    this.mergeArtifacts(inputs, { include: ["items"] });
    this.next(this.end);
  }

  @step
  end() {
    this.finished = true;
  }
}

main(import.meta, ForeachFlow);
