/**
 * SWITCH_INTO_JOIN: a case of a switch may not lead directly to a join step; the join could
 * not tell which of its inputs to wait for.
 * @module
 */
import { listNames, stepError, stepsInOrder, type LintCheck } from "../lint-check.js";

const CODE = "SWITCH_INTO_JOIN";

/** Reports join steps that a switch leads to directly. */
export const switchIntoJoin: LintCheck = {
  code: CODE,
  check(graph) {
    return stepsInOrder(graph).flatMap((s) => {
      if (!s.join) return [];
      const switches = s.inFuncs.filter((p) => graph.steps[p]?.transition.kind === "switch");
      if (switches.length === 0) return [];
      return [
        stepError(
          CODE,
          s.name,
          `A conditional path cannot lead directly to a join step: the switch in ${listNames(switches)} has a case that goes straight to the join step "${s.name}". ` +
            "Add an intermediate, unconditional step on that case's path, before the join.",
          s.source,
        ),
      ];
    });
  },
};
