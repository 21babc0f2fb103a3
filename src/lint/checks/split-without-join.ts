/**
 * SPLIT_WITHOUT_JOIN: every branch or foreach split is eventually closed by a join step.
 * @module
 */
import { analyzeSplits } from "../../graph/split-lineage.js";
import { opensSplit } from "../../graph/transition-targets.js";
import { stepError, stepsInOrder, type LintCheck } from "../lint-check.js";

const CODE = "SPLIT_WITHOUT_JOIN";

/** Reports reachable splits that no join closes. */
export const splitWithoutJoin: LintCheck = {
  code: CODE,
  check(graph) {
    const { walk, matchingSplit } = analyzeSplits(graph.steps);
    const joined = new Set(matchingSplit.values());
    return stepsInOrder(graph)
      .filter((s) => walk.reachable.has(s.name) && opensSplit(s.transition) && !joined.has(s.name))
      .map((s) =>
        stepError(
          CODE,
          s.name,
          `Step "${s.name}" splits the flow (${s.transition.kind}) but no join step closes that split. ` +
            "Add a join step (with an inputs parameter) that every branch leads to.",
          s.nextSource ?? s.source,
        ),
      );
  },
};
