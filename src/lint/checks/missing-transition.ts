/**
 * MISSING_TRANSITION: every step but `end` finishes with a `this.next(...)` call.
 * @module
 */
import { stepError, stepsInOrder, type LintCheck } from "../lint-check.js";

const CODE = "MISSING_TRANSITION";

/** Reports steps other than `end` without any `this.next(...)` call. */
export const missingTransition: LintCheck = {
  code: CODE,
  check(graph) {
    // Without an end step, a step lacking next() is most likely the end under another name:
    // MISSING_END_STEP says so.
    if (!Object.hasOwn(graph.steps, "end")) return [];
    return stepsInOrder(graph)
      .filter((s) => s.name !== "end" && s.transition.kind === "end" && s.transitionError === undefined)
      .map((s) =>
        stepError(
          CODE,
          s.name,
          `Step "${s.name}" is missing a this.next() transition to the next step. Add a this.next(...) call as the last statement of ${s.name}() (only the end step has none).`,
          s.source,
        ),
      );
  },
};
