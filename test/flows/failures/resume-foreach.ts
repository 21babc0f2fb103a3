/**
 * Failures: resume after a code fix. `body` cannot handle item BROKEN_ITEM; the e2e test
 * copies this file, runs it (the item fails), rewrites the two constants below (the "fix"),
 * and resumes: the successful siblings must be reused and only the failed item (and what
 * follows) must run, with the new code.
 * @module
 */
import { setTimeout as sleep } from "node:timers/promises";
import { FlowSpec, step, current, Parameter, main, type Inputs } from "metaflow-ts";

const BROKEN_ITEM: number = 3;
const CODE_VERSION: string = "v1";

/** ResumeForeachFlow: squares of 1..5 times `--scale`, summed. */
export default class ResumeForeachFlow extends FlowSpec {
  scale = Parameter("scale", { default: 1, help: "multiplies every square" });
  items!: number[];
  square!: number;
  ranIn!: string;
  codeVersion!: string;
  scratch!: string;
  squares!: number[];
  bodyRuns!: string[];
  bodyVersions!: string[];
  total!: number;

  @step
  start() {
    this.items = [1, 2, 3, 4, 5];
    this.next(this.body, { foreach: "items" });
  }

  @step
  async body() {
    const item = this.input as number;
    if (item === BROKEN_ITEM) {
      await sleep(500); // usually lets the other items finish first (the test does not rely on it)
      throw new Error(`cannot handle item ${item}`);
    }
    this.square = item * item * this.scale;
    this.ranIn = current.runId;
    this.codeVersion = CODE_VERSION;
    // Never read downstream: resume must not read (or copy) it.
    this.scratch = `scratch of item ${item} in run ${current.runId}`;
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<ResumeForeachFlow>) {
    this.squares = inputs.map((i) => i.square);
    this.bodyRuns = inputs.map((i) => i.ranIn);
    this.bodyVersions = inputs.map((i) => i.codeVersion);
    this.next(this.end);
  }

  @step
  end() {
    this.total = this.squares.reduce((a, b) => a + b, 0);
    console.log(`total ${this.total}`);
  }
}

main(import.meta, ResumeForeachFlow);
