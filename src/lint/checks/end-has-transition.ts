/**
 * END_HAS_TRANSITION: `end` is the last step, so it has no `this.next(...)`.
 * @module
 */
import { stepError, type LintCheck } from "../lint-check.js";

const CODE = "END_HAS_TRANSITION";

/** Reports an `end` step that calls `this.next(...)`. */
export const endHasTransition: LintCheck = {
  code: CODE,
  check(graph) {
    const end = graph.steps["end"];
    if (end === undefined || end.nextSource === undefined) return [];
    return [
      stepError(CODE, "end", 'The "end" step should not call this.next(): it is the last step of the flow. Just remove the call.', end.nextSource),
    ];
  },
};
