/**
 * A worker thread after a task that used a lot of memory (issue 16): `start` stores a 128 MiB Buffer
 * as an artifact (unreachable once the task ended, but not yet collected), so the thread collects it
 * and runs the next task; `keep` leaves 128 MiB reachable
 * from a module-level variable (its code instance stays in the thread's module map), so the thread
 * retires and `end` runs in a fresh one. Each step records the worker thread it ran in.
 * @module
 */
import { threadId } from "node:worker_threads";
import { FlowSpec, step, main } from "metaflow-ts";

/** Size of the Buffers: above the 96 MiB a thread may carry into its next task. */
const BIG = 128 * 1024 * 1024;

/** Memory `keep` leaves reachable after its task. */
let kept: Buffer | undefined;

/** ThreadMemoryFlow: start -> keep -> end, each recording its thread. */
export default class ThreadMemoryFlow extends FlowSpec {
  blob!: Buffer;
  startThread!: number;
  keepThread!: number;
  keptBytes!: number;
  endThread!: number;

  @step
  start() {
    this.blob = Buffer.alloc(BIG, 7);
    this.startThread = threadId;
    this.next(this.keep);
  }

  @step
  keep() {
    kept = Buffer.alloc(BIG, 9);
    this.keptBytes = kept.length;
    this.keepThread = threadId;
    this.next(this.end);
  }

  @step
  end() {
    this.endThread = threadId;
  }
}

main(import.meta, ThreadMemoryFlow);
