/**
 * Compute conformance: one step, `work`, does what `--mode` says, so that the same cases run on
 * every compute backend (put there with `--with slurm`, `--with kubernetes:...`, or nothing for
 * local). Shipped with the package for src/testing/compute-conformance.ts (`metaflow-ts/testing`).
 * @module
 */
import { writeFileSync } from "node:fs";
import { FlowSpec, step, Parameter, current, main } from "metaflow-ts";

/** ConformanceFlow: `start -> work -> end`. */
export default class ConformanceFlow extends FlowSpec {
  mode = Parameter("mode", { type: "string", default: "ok", help: "ok | fail | exit | kill | sleep | oom | flaky | resources | sleep-first" });
  marker = Parameter("marker", { type: "string", default: "", help: "file written when work starts (sleep)" });
  result!: string;
  seen!: Record<string, string>;

  @step
  start() {
    this.next(this.work);
  }

  @step
  async work() {
    console.log(`work starts: ${this.mode} attempt ${current.retryCount}`);
    console.error(`to stderr: ${this.mode}`);
    switch (this.mode) {
      case "fail":
        throw new Error("work failed on purpose");
      case "exit":
        process.exit(3);
        break;
      case "kill":
        process.kill(process.pid, "SIGKILL");
        await new Promise((r) => setTimeout(r, 60_000));
        break;
      case "sleep-first":
        // The first attempt waits to be disrupted (evicted, its node lost); a retry succeeds.
        if (current.retryCount > 0) break;
        if (this.marker !== "") writeFileSync(this.marker, `${process.pid}`);
        await new Promise((r) => setTimeout(r, 120_000));
        break;
      case "sleep":
        if (this.marker !== "") writeFileSync(this.marker, `${process.pid}`);
        await new Promise((r) => setTimeout(r, 120_000));
        break;
      case "oom": {
        const hog: Buffer[] = [];
        for (;;) {
          hog.push(Buffer.alloc(20 * 1024 * 1024, 1));
          await new Promise((r) => setTimeout(r, 5));
        }
      }
      case "flaky":
        if (current.retryCount === 0) throw new Error("first attempt fails");
        break;
      case "resources":
        // What the engine granted, as its environment tells the task (empty locally).
        this.seen = Object.fromEntries(
          ["SLURM_CPUS_PER_TASK", "SLURM_MEM_PER_NODE", "SLURM_JOB_PARTITION", "METAFLOW_TS_COMPUTE"].flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k] as string]])),
        );
        break;
    }
    this.result = `${this.mode}:${current.retryCount}`;
    this.next(this.end);
  }

  @step
  end() {
    console.log(`end ${this.result}`);
  }
}

main(import.meta, ConformanceFlow);
