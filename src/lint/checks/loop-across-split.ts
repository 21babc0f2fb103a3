/**
 * LOOP_ACROSS_SPLIT: a switch that loops back (recursion) must stay inside the split it runs in:
 * going back to a step before the split, or into another branch, would mix up parallel tasks.
 * @module
 */
import { analyzeSplits, lineageAlong, sameLineage } from "../../graph/split-lineage.js";
import { stepError, type LintCheck } from "../lint-check.js";

const CODE = "LOOP_ACROSS_SPLIT";

/** Reports switch loops whose target runs in a different split context. */
export const loopAcrossSplit: LintCheck = {
  code: CODE,
  check(graph) {
    const analysis = analyzeSplits(graph.steps);
    return analysis.walk.backEdges.flatMap(({ from, to }) => {
      const step = graph.steps[from];
      const target = analysis.lineage.get(to);
      if (step === undefined || target === undefined || sameLineage(lineageAlong(analysis, graph.steps, from, to), target)) return [];
      return [
        stepError(
          CODE,
          from,
          `The switch in step "${from}" loops back to "${to}", which runs in a different split (branch or foreach) than "${from}". ` +
            `A loop must stay within one branch: loop back to a step after the split that "${from}" runs in, or join the split first.`,
          step.nextSource ?? step.source,
        ),
      ];
    });
  },
};
