/**
 * SWITCH_TOO_FEW_CASES: a switch chooses between at least two different steps.
 * @module
 */
import { stepError, stepsInOrder, type LintCheck } from "../lint-check.js";

const CODE = "SWITCH_TOO_FEW_CASES";

/** Reports switches with fewer than two distinct target steps. */
export const switchTooFewCases: LintCheck = {
  code: CODE,
  check(graph) {
    return stepsInOrder(graph).flatMap((s) => {
      if (s.transition.kind !== "switch") return [];
      const targets = new Set(Object.values(s.transition.cases));
      if (targets.size >= 2) return [];
      const only = [...targets][0];
      const fix = only === undefined ? "add at least two cases" : `use this.next(this.${only}) instead, or add a case that leads to another step`;
      return [
        stepError(
          CODE,
          s.name,
          `Step "${s.name}" is a switch on "${s.transition.condition}" with ${targets.size} target step(s); a switch must choose between at least 2 different steps. ${fix.charAt(0).toUpperCase()}${fix.slice(1)}.`,
          s.nextSource ?? s.source,
        ),
      ];
    });
  },
};
