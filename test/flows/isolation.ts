/**
 * Isolation of tasks (issue 16): every task of the foreach increments a module-level counter,
 * reads and then sets a global and an environment variable, and prints a line of its own. Item 3
 * calls `process.exit(3)` and item 4 throws; `@catchError` lets the run go on. Each task records
 * what it saw and the worker thread it ran in, so that the test can tell that threads were reused.
 * @module
 */
import { threadId } from "node:worker_threads";
import { FlowSpec, step, catchError, main, type Inputs } from "metaflow-ts";

/** Incremented by every task that evaluates this module: each task must see 1. */
let counter = 0;

/** What one task saw. */
export interface Seen {
  readonly item: number;
  readonly counter: number;
  readonly global: unknown;
  readonly env: string | null;
  readonly thread: number;
}

/** IsolationFlow: the join collects what each body task saw. */
export default class IsolationFlow extends FlowSpec {
  items!: number[];
  seen!: Seen;
  failed!: { type: string; message: string } | undefined;
  all!: (Seen | null)[];

  @step
  start() {
    this.items = [1, 2, 3, 4, 5, 6];
    this.next(this.body, { foreach: "items" });
  }

  @catchError({ var: "failed" })
  @step
  body() {
    const item = this.input as number;
    counter += 1;
    const scope = globalThis as { mftsIsolationLeak?: number };
    this.seen = { item, counter, global: scope.mftsIsolationLeak ?? null, env: process.env.MFTS_ISOLATION_LEAK ?? null, thread: threadId };
    scope.mftsIsolationLeak = item;
    process.env.MFTS_ISOLATION_LEAK = String(item);
    console.log(`output of item ${item}`);
    if (item === 3) process.exit(3);
    if (item === 4) throw new Error("item 4 fails on purpose");
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<IsolationFlow>) {
    this.all = inputs.map((i) => (i.failed === undefined ? i.seen : null));
    this.next(this.end);
  }

  @step
  end() {
    console.log(`seen: ${JSON.stringify(this.all)}`);
  }
}

main(import.meta, IsolationFlow);
