/**
 * START_IS_JOIN: `start` runs first, so there is nothing for it to join.
 * @module
 */
import { stepError, type LintCheck } from "../lint-check.js";

const CODE = "START_IS_JOIN";

/** Reports a `start` step that declares an `inputs` parameter. */
export const startIsJoin: LintCheck = {
  code: CODE,
  check(graph) {
    const start = graph.steps["start"];
    if (start === undefined || !start.join) return [];
    return [
      stepError(
        CODE,
        "start",
        'The "start" step cannot be a join step (it declares a parameter), since no step runs before it. Remove the parameter: start() { ... }.',
        start.source,
      ),
    ];
  },
};
