/**
 * Records a task writes to the datastore, read by the scheduler and the client.
 * Pure types.
 * @module
 */
import type { ForeachFrame } from "./task-spec.js";

/** Where an artifact's bytes are and how to decode them. */
export interface ArtifactRef {
  /** Content hash (sha256 hex) of the encoded bytes. */
  readonly sha: string;
  /** Serializer that produced the bytes, e.g. `v8` or `bytes`. */
  readonly encoding: string;
  /** Size of the encoded bytes. */
  readonly size: number;
  /** A short description of the value's type, e.g. `Array`, `string`, `Map`. */
  readonly type: string;
}

/** The artifact index of one task attempt: artifact name -> ref. */
export type ArtifactIndex = Readonly<Record<string, ArtifactRef>>;

/** What the step chose with `this.next(...)`, as the scheduler needs it. */
export type TaskTransition =
  | { readonly kind: "linear"; readonly to: string }
  | { readonly kind: "branch"; readonly to: readonly string[] }
  | { readonly kind: "foreach"; readonly to: string; readonly count: number }
  | { readonly kind: "switch"; readonly to: string; readonly value: string }
  | { readonly kind: "end" };

/** An exception, as data (it crosses process boundaries). */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: string;
}

/** Written first when an attempt starts. */
export interface AttemptRecord {
  readonly attempt: number;
  readonly startedAt: string;
  readonly pid: number;
  readonly inputPaths: readonly string[];
  readonly foreachStack: readonly ForeachFrame[];
  /** For a foreach branch: its index in the split. */
  readonly splitIndex?: number;
  /** For a task reused by resume: pathspec (`Flow/run/step/task`) of the task whose results it reuses. */
  readonly origin?: string;
}

/**
 * Written last: the attempt is done only once this exists. A successful attempt's record carries
 * its artifact index; runs written before that layout have the index in `<n>.data.json` instead.
 */
export type DoneRecord =
  | {
      readonly status: "ok";
      readonly attempt: number;
      readonly finishedAt: string;
      readonly transition: TaskTransition;
      readonly foreachStack: readonly ForeachFrame[];
      /** For a task reused by resume: pathspec of the origin task. */
      readonly origin?: string;
      /** The attempt's artifact index (absent in runs written by older versions: see `<n>.data.json`). */
      readonly index?: ArtifactIndex;
    }
  | {
      readonly status: "failed";
      readonly attempt: number;
      readonly finishedAt: string;
      readonly error: SerializedError;
      readonly foreachStack: readonly ForeachFrame[];
    };
