/**
 * For the UI tests: a foreach of `width` tasks, a parameter, output that looks like markup, a
 * large artifact (its preview is cut) and, with `--pause S`, tasks that print for S seconds
 * (a run that is still going while the UI watches it).
 * @module
 */
import { FlowSpec, step, Parameter, main, type Inputs } from "metaflow-ts";

/** UiDemoFlow: start -> body (foreach) -> join -> end. */
export default class UiDemoFlow extends FlowSpec {
  width = Parameter("width", { default: 3, help: "how many body tasks" });
  pause = Parameter("pause", { default: 0, help: "seconds each body task keeps printing" });
  items!: number[];
  squared!: number;
  markup!: string;
  big!: string;
  total!: number;

  @step
  start() {
    this.items = Array.from({ length: this.width }, (_, i) => i);
    this.markup = "<script>window.__pwned = true</script><b>bold?</b>";
    this.big = "x".repeat(20_000);
    console.log("<script>window.__pwned = true</script> log line with markup");
    console.error("a warning on stderr");
    this.next(this.body, { foreach: "items" });
  }

  @step
  async body() {
    this.squared = (this.input as number) ** 2;
    for (let s = 0; s < this.pause * 4; s++) {
      console.log(`tick ${s}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    console.log(`body ${this.index} done`);
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<UiDemoFlow>) {
    this.total = inputs.reduce((sum, i) => sum + i.squared, 0);
    this.next(this.end);
  }

  @step
  end() {
    console.log(`total ${this.total}`);
  }
}

main(import.meta, UiDemoFlow);
