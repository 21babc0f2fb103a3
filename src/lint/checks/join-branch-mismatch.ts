/**
 * JOIN_BRANCH_MISMATCH: a join must be reached from every branch of the split it closes.
 * @module
 */
import { analyzeSplits } from "../../graph/split-lineage.js";
import { transitionTargets } from "../../graph/transition-targets.js";
import { listNames, stepError, stepsInOrder, type LintCheck } from "../lint-check.js";

const CODE = "JOIN_BRANCH_MISMATCH";

/** Reports joins that only some branches of their split lead to. */
export const joinBranchMismatch: LintCheck = {
  code: CODE,
  check(graph) {
    const { incoming, matchingSplit } = analyzeSplits(graph.steps);
    return stepsInOrder(graph).flatMap((s) => {
      const split = matchingSplit.get(s.name);
      const splitStep = split === undefined ? undefined : graph.steps[split];
      if (!s.join || split === undefined || splitStep === undefined) return [];
      const expected = transitionTargets(splitStep.transition);
      const arrived = new Set((incoming.get(s.name) ?? []).flatMap((i) => i.lineage.slice(-1).map((f) => f.branch)));
      const missing = expected.filter((b) => !arrived.has(b));
      if (missing.length === 0) return [];
      return [
        stepError(
          CODE,
          s.name,
          `Step "${s.name}" is a join step, but an incorrect number of paths lead to it: the split started at "${split}" has ${expected.length} branches ` +
            `(${listNames(expected)}) and only ${listNames([...arrived])} reach "${s.name}". Make the branch(es) ${listNames(missing)} also lead to "${s.name}".`,
          s.source,
        ),
      ];
    });
  },
};
