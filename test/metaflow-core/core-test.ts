/**
 * The shape of a core test (Metaflow's `test/core/tests/*.py`, as TypeScript): step bodies
 * chosen for the graph's steps by qualifier (the first, by priority, whose qualifiers meet the
 * step's), the decorators on them, and a check of the finished run through the client and CLI.
 * @module
 */
import type { Checker } from "./checker.js";

/** A step body of a test. */
export interface TestStep {
  /** Lower first when several match a graph step. */
  readonly prio: number;
  readonly quals: readonly string[];
  /** The combination is valid only when this body is used by some step. */
  readonly required?: boolean;
  /** Decorators written above `@step`, e.g. `retry({ times: 3, minutesBetweenRetries: 0 })`. */
  readonly decorators?: readonly string[];
  /** TypeScript statements (a join has `inputs`; `this` may hold any artifact). */
  readonly code: readonly string[];
}

/** A core test. */
export interface CoreTest {
  /** As in Metaflow (`BasicArtifactTest`); the flow is `<name>Flow`. */
  readonly name: string;
  readonly priority: number;
  readonly skipGraphs?: readonly string[];
  readonly onlyGraphs?: readonly string[];
  readonly steps: readonly TestStep[];
  /** Class members written verbatim (parameters). */
  readonly members?: readonly string[];
  /** Module-level lines after the shared header (imports, card types): Metaflow's `HEADER`. */
  readonly prelude?: readonly string[];
  /** Flow decorators written above the class, e.g. `project({ name: "p" })`. */
  readonly flowDecorators?: readonly string[];
  /** Where the run is stored: `s3` runs the pair on the S3 server of .ci/services/10-s3.sh (skipped without it). @default "local" */
  readonly datastore?: "local" | "s3";
  /** Extra arguments of `run`. */
  readonly runArgs?: readonly string[];
  /** The run is expected to fail. */
  readonly shouldFail?: boolean;
  /** The first run fails ("resume from here"); `resume [step]` then runs, and the check reads the resumed run. */
  readonly resume?: { readonly step?: string };
  readonly check?: (c: Checker) => Promise<void>;
}

/** Graphs with a switch: most tests skip them, as in Metaflow. */
export const switchGraphs: readonly string[] = [
  "simple_switch",
  "nested_switch",
  "branch_in_switch",
  "foreach_in_switch",
  "switch_in_branch",
  "switch_in_foreach",
  "recursive_switch",
  "recursive_switch_inside_foreach",
];
