/**
 * END_IS_JOIN: `end` may not be a join; a join step goes before it.
 * @module
 */
import { stepError, type LintCheck } from "../lint-check.js";

const CODE = "END_IS_JOIN";

/** Reports an `end` step that declares an `inputs` parameter. */
export const endIsJoin: LintCheck = {
  code: CODE,
  check(graph) {
    const end = graph.steps["end"];
    if (end === undefined || !end.join) return [];
    return [
      stepError(
        CODE,
        "end",
        'The "end" step should not be a join step (it declares a parameter). Add a join step before it that calls this.next(this.end), and remove the parameter from end().',
        end.source,
      ),
    ];
  },
};
