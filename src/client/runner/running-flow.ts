/**
 * The handle of a run started with `Runner.start()`: live events (as an async iterable and as
 * callbacks), the run id once known, `wait()` and `cancel()`.
 * @module
 */
import type { RunEvent } from "../../scheduler/events.js";
import type { Run } from "../run.js";
import { EventLog } from "./event-log.js";

/** What a finished run resolves to (`Runner.run`, `Runner.resume`, `RunningFlow.wait`). */
export interface RunnerResult {
  readonly status: "succeeded" | "failed";
  readonly runId: string;
  /** The run, for reading its artifacts. */
  readonly run: Run;
  /** Everything the tasks printed to stdout / stderr, line by line in order. */
  readonly stdout: string;
  readonly stderr: string;
  /** Pathspec of the task that failed, when one did. */
  readonly failedTask?: string;
  /** Why the run failed. */
  readonly reason?: string;
}

/** Starts the run: calls `emit` for every event, stops when `signal` aborts. */
export type LaunchRun = (emit: (event: RunEvent) => void, signal: AbortSignal) => Promise<RunnerResult>;

/** A run in progress. A flow's failure is a result of `wait()`; a problem found before the run starts rejects it. */
export class RunningFlow {
  private readonly log = new EventLog<RunEvent>();
  private readonly listeners = new Set<(event: RunEvent) => void>();
  private readonly controller = new AbortController();
  private readonly result: Promise<RunnerResult>;
  private readonly started: Promise<string>;
  private state: "running" | "succeeded" | "failed" | "error" = "running";

  /** @internal */
  constructor(launch: LaunchRun) {
    let gotId: (id: string) => void = () => {};
    let noId: (e: unknown) => void = () => {};
    this.started = new Promise<string>((resolve, reject) => {
      gotId = resolve;
      noId = reject;
    });
    this.started.catch(() => {}); // observed through runId() only
    const emit = (event: RunEvent): void => {
      if (event.type === "run:start") gotId(event.runId);
      this.log.push(event);
      for (const l of this.listeners) l(event);
    };
    this.result = launch(emit, this.controller.signal).then(
      (r) => {
        this.state = r.status;
        this.log.close();
        gotId(r.runId);
        return r;
      },
      (e: unknown) => {
        this.state = "error";
        this.log.close();
        noId(e);
        throw e;
      },
    );
    this.result.catch(() => {}); // observed through wait()
  }

  /** `running` until the run ends; `error` when it could not start. */
  get status(): "running" | "succeeded" | "failed" | "error" {
    return this.state;
  }

  /** Every event of the run from its start (even if you iterate late), then live ones; ends with the run. */
  get events(): AsyncIterable<RunEvent> {
    return this.log;
  }

  /** Calls `listener` for each event from now on; returns a function that unsubscribes. */
  on(listener: (event: RunEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The run id, as soon as the run is registered. */
  runId(): Promise<string> {
    return this.started;
  }

  /** Resolves when the run ends, successfully or not. */
  wait(): Promise<RunnerResult> {
    return this.result;
  }

  /** Stops the run's tasks (the run fails as interrupted, and can be resumed); resolves to its result. */
  cancel(): Promise<RunnerResult> {
    this.controller.abort("cancelled");
    return this.result;
  }
}
