/**
 * Failures: the flow the fault-injection test kills at random moments. 31 tasks: a branch,
 * a foreach on one side, a chain on the other, their join, then a second foreach. Every
 * artifact is a deterministic function of the inputs, and each task takes a few dozen ms so
 * that a kill can land anywhere.
 * `start -> {a -> body x12 -> aJoin, b -> b2 -> b3} -> join -> fan -> work x8 -> workJoin -> end`
 * @module
 */
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { FlowSpec, step, main, type Inputs } from "metaflow-ts";

const hash = (s: string): string => createHash("sha256").update(s).digest("hex").slice(0, 16);
const pause = (n: number): Promise<void> => sleep(20 + ((n * 37) % 50));

/** FaultFlow: `end` holds everything computed, for comparison with a clean run. */
export default class FaultFlow extends FlowSpec {
  seed!: string;
  items!: number[];
  digest!: string;
  digests!: string[];
  chain!: string[];
  tasks!: number[];
  merged!: { digests: string[]; chain: string[] };
  result!: { task: number; value: string };
  results!: Array<{ task: number; value: string }>;
  blob!: Uint8Array;
  summary!: string;

  @step
  async start() {
    this.seed = "fault-injection";
    await pause(1);
    this.next(this.a, this.b);
  }

  @step
  async a() {
    this.items = Array.from({ length: 12 }, (_, i) => i);
    await pause(2);
    this.next(this.body, { foreach: "items" });
  }

  @step
  async body() {
    const i = this.input as number;
    await pause(i + 3);
    this.digest = hash(`${this.seed}:${i}`);
    this.next(this.aJoin);
  }

  @step
  aJoin(inputs: Inputs<FaultFlow>) {
    this.digests = inputs.map((x) => x.digest);
    this.next(this.join);
  }

  @step
  async b() {
    await pause(20);
    this.chain = [hash(this.seed)];
    this.next(this.b2);
  }

  @step
  async b2() {
    await pause(21);
    this.chain = [...this.chain, hash(this.chain.join())];
    this.next(this.b3);
  }

  @step
  async b3() {
    await pause(22);
    this.chain = [...this.chain, hash(this.chain.join())];
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<FaultFlow>) {
    this.merged = { digests: inputs.aJoin.digests, chain: inputs.b3.chain };
    this.mergeArtifacts(inputs, { include: ["seed"] });
    this.next(this.fan);
  }

  @step
  async fan() {
    this.tasks = Array.from({ length: 8 }, (_, i) => i);
    await pause(30);
    this.next(this.work, { foreach: "tasks" });
  }

  @step
  async work() {
    const t = this.input as number;
    await pause(t + 40);
    this.result = { task: t, value: hash(`${this.merged.digests[t]}|${this.merged.chain[t % 3]}`) };
    this.next(this.workJoin);
  }

  @step
  workJoin(inputs: Inputs<FaultFlow>) {
    this.results = inputs.map((x) => x.result);
    this.mergeArtifacts(inputs, { include: ["merged", "seed"] });
    this.next(this.end);
  }

  @step
  end() {
    this.blob = new TextEncoder().encode(this.results.map((r) => r.value).join(","));
    this.summary = hash(JSON.stringify([this.merged, this.results]));
    console.log(`summary ${this.summary}`);
  }
}

main(import.meta, FaultFlow);
