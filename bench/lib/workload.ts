/**
 * The shape of a benchmark workload and of the rows it contributes to the table.
 * @module
 */

/** What one timed repetition of a workload measured. */
export interface Sample {
  readonly wallMs: number;
  /** Peak RSS of the timed command (KiB), when the OS accounting is available. */
  readonly peakRssKiB: number | undefined;
  /** Other figures, by name (e.g. `filesPerTask`, `bytesAdded`). */
  readonly metrics?: Readonly<Record<string, number>>;
}

/** Units a row is expressed in (values are converted from the raw sample when printed). */
export type Unit = "s" | "MiB" | "MB" | "files";

/** One line of the results table, derived from a workload's samples. */
export interface RowSpec {
  readonly label: string;
  /** `wall`: wall time; `rss`: peak RSS; anything else: a key of {@link Sample.metrics} (already in `unit`). */
  readonly metric: string;
  readonly unit: Unit;
  /** The target, in `unit` (an upper bound); absent when none applies at this size. */
  readonly target?: number;
  /** The Metaflow 2.19.38 reference figure, as the issue gives it. */
  readonly reference?: string;
  /** Extra text computed from the median (e.g. milliseconds per task). */
  readonly note?: (median: number) => string;
  /** The label of the row this one is compared with (median / its median), e.g. an S3 row with its local one. */
  readonly baseline?: string;
}

/** What a workload's functions get. */
export interface WorkloadContext {
  /**
   * A temporary directory created before {@link Workload.setup} and removed after the last
   * repetition: for state shared by the repetitions (e.g. a datastore to read from).
   */
  readonly fixture: string;
}

/** A benchmark: optional untimed setup, then repetitions of one timed command. */
export interface Workload {
  /** `B1`, `B3-2000`, ...: what `--only` selects. */
  readonly id: string;
  readonly title: string;
  /** At most this many repetitions (for the long, linearity-only sizes). */
  readonly maxReps?: number;
  /** Untimed preparation, once (e.g. a run whose results are then read). */
  readonly setup?: (ctx: WorkloadContext) => Promise<void>;
  /** One timed repetition. */
  readonly measure: (ctx: WorkloadContext) => Promise<Sample>;
  /** Untimed clean-up after the last repetition (the fixture directory itself is removed anyway). */
  readonly teardown?: (ctx: WorkloadContext) => Promise<void>;
  readonly rows: readonly RowSpec[];
}
