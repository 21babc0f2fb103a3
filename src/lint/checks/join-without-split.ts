/**
 * JOIN_WITHOUT_SPLIT: a join step (it declares `inputs`) closes a split (branch or foreach);
 * without one there is nothing to join.
 * @module
 */
import { analyzeSplits } from "../../graph/split-lineage.js";
import { stepError, stepsInOrder, type LintCheck } from "../lint-check.js";

const CODE = "JOIN_WITHOUT_SPLIT";

/** Reports join steps reached only from outside of any split. */
export const joinWithoutSplit: LintCheck = {
  code: CODE,
  check(graph) {
    const { incoming } = analyzeSplits(graph.steps);
    return stepsInOrder(graph).flatMap((s) => {
      const ins = incoming.get(s.name) ?? [];
      if (!s.join || ins.length === 0 || ins.some((i) => i.lineage.length > 0)) return [];
      const hint =
        ins.length > 1
          ? " If the paths that meet here come from a switch, only one of them runs: remove the parameter and make it a normal step."
          : ` If it should not join anything, remove the parameter: ${s.name}() { ... }.`;
      return [
        stepError(
          CODE,
          s.name,
          `Step "${s.name}" seems like a join step (it declares a parameter) but it is not preceded by a split. Ensure that there is a matching split (this.next(this.a, this.b) or a foreach) for every join.${hint}`,
          s.source,
        ),
      ];
    });
  },
};
