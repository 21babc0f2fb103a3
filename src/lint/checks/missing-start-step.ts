/**
 * MISSING_START_STEP: every flow begins at a step named `start`.
 * @module
 */
import type { LintCheck } from "../lint-check.js";

const CODE = "MISSING_START_STEP";

/** Reports a flow without a `start` step. */
export const missingStartStep: LintCheck = {
  code: CODE,
  check(graph) {
    if (Object.hasOwn(graph.steps, "start")) return [];
    return [
      {
        code: CODE,
        severity: "error",
        message: `Flow ${graph.flowName} has no start step. Add a "start" step to the flow: @step start() { ...; this.next(this.someStep); }`,
        source: graph.source,
      },
    ];
  },
};
