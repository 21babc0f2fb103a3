/**
 * END_INSIDE_SPLIT: every split must be joined before the flow reaches `end`.
 * @module
 */
import { analyzeSplits } from "../../graph/split-lineage.js";
import { transitionTargets } from "../../graph/transition-targets.js";
import { listNames, stepError, type LintCheck } from "../lint-check.js";

const CODE = "END_INSIDE_SPLIT";

/** Reports the innermost split still open on a path into `end`. */
export const endInsideSplit: LintCheck = {
  code: CODE,
  check(graph) {
    const end = graph.steps["end"];
    if (end === undefined) return [];
    const { incoming } = analyzeSplits(graph.steps);
    const open = (incoming.get("end") ?? []).find((i) => i.lineage.length > 0);
    const frame = open?.lineage[open.lineage.length - 1];
    if (frame === undefined) return [];
    const splitStep = graph.steps[frame.split];
    const branches = splitStep === undefined ? [] : transitionTargets(splitStep.transition);
    return [
      stepError(
        CODE,
        "end",
        `Step "end" is reached before the split started at "${frame.split}" (branches ${listNames(branches)}) was joined. ` +
          `Add a join step before "end": a step with an inputs parameter that all of those branches lead to, and that calls this.next(this.end).`,
        end.source,
      ),
    ];
  },
};
