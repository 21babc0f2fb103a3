/**
 * INVALID_TRANSITION: the `this.next(...)` call is not one of the supported forms, or is not
 * the last statement of the step.
 * @module
 */
import { stepError, stepsInOrder, type LintCheck } from "../lint-check.js";

const CODE = "INVALID_TRANSITION";

/** Reports steps (other than `end`) whose `this.next(...)` could not be read as a transition. */
export const invalidTransition: LintCheck = {
  code: CODE,
  check(graph) {
    return stepsInOrder(graph).flatMap((s) =>
      s.name === "end" || s.transitionError === undefined
        ? []
        : [
            stepError(
              CODE,
              s.name,
              `Step "${s.name}" has an invalid this.next() transition: ${s.transitionError}. Supported forms, as the last statement of a step: ` +
                'this.next(this.a) | this.next(this.a, this.b) | this.next(this.body, { foreach: "items" }) | this.next({ x: this.a, y: this.b }, { condition: "attr" }).',
              s.nextSource ?? s.source,
            ),
          ],
    );
  },
};
