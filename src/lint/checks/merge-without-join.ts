/**
 * MERGE_WITHOUT_JOIN: where paths that run in parallel (branches of a split) meet, the step
 * must be a join. Paths of a switch may meet in a normal step, since only one of them runs.
 * @module
 */
import { analyzeSplits, sameLineage, type Incoming } from "../../graph/split-lineage.js";
import { stepError, stepsInOrder, type LintCheck } from "../lint-check.js";

const CODE = "MERGE_WITHOUT_JOIN";

/** Reports non-join steps (other than `end`) reached from different branches or split levels. */
export const mergeWithoutJoin: LintCheck = {
  code: CODE,
  check(graph) {
    const { incoming } = analyzeSplits(graph.steps);
    return stepsInOrder(graph).flatMap((s) => {
      if (s.join || s.name === "end") return [];
      const [first, ...rest] = incoming.get(s.name) ?? [];
      const other = rest.find((i) => first !== undefined && !sameLineage(first.lineage, i.lineage));
      if (first === undefined || other === undefined) return [];
      return [
        stepError(
          CODE,
          s.name,
          `Step "${s.name}" is reached from "${first.from}" and "${other.from}", ${why(first, other)}. ` +
            `Where parallel paths meet the step must be a join: declare the inputs parameter, ${s.name}(inputs: Inputs<${graph.flowName}>), or send the paths to separate steps.`,
          s.source,
        ),
      ];
    });
  },
};

function why(a: Incoming, b: Incoming): string {
  const depth = Math.min(a.lineage.length, b.lineage.length);
  for (let i = 0; i < depth; i++) {
    const fa = a.lineage[i];
    const fb = b.lineage[i];
    if (fa !== undefined && fb !== undefined && fa.split === fb.split && fa.branch !== fb.branch) {
      return `which run in parallel branches ("${fa.branch}" and "${fb.branch}") of the split started at "${fa.split}"`;
    }
  }
  const deeper = a.lineage.length > b.lineage.length ? a : b;
  const frame = deeper.lineage[depth];
  return frame === undefined
    ? "which come from different splits"
    : `but only "${deeper.from}" runs inside the split started at "${frame.split}", which is not joined yet`;
}
