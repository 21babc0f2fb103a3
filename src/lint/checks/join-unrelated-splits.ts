/**
 * JOIN_UNRELATED_SPLITS: the steps that lead to a join must come from the branches of one
 * split (at the same nesting); a join cannot close parts of two different splits.
 * @module
 */
import { analyzeSplits, sameLineage, type Incoming } from "../../graph/split-lineage.js";
import { stepError, stepsInOrder, type LintCheck } from "../lint-check.js";

const CODE = "JOIN_UNRELATED_SPLITS";

/** Reports joins whose incoming steps come from different splits. */
export const joinUnrelatedSplits: LintCheck = {
  code: CODE,
  check(graph) {
    const { incoming } = analyzeSplits(graph.steps);
    return stepsInOrder(graph).flatMap((s) => {
      const ins = incoming.get(s.name) ?? [];
      const [first, ...rest] = ins;
      if (!s.join || first === undefined || ins.every((i) => i.lineage.length === 0)) return [];
      const related = (a: Incoming, b: Incoming): boolean =>
        a.lineage.length > 0 &&
        b.lineage.length > 0 &&
        sameLineage(a.lineage.slice(0, -1), b.lineage.slice(0, -1)) &&
        a.lineage[a.lineage.length - 1]?.split === b.lineage[b.lineage.length - 1]?.split;
      const odd = rest.find((i) => !related(first, i));
      if (odd === undefined && first.lineage.length > 0) return [];
      const other = odd ?? first;
      return [
        stepError(
          CODE,
          s.name,
          `Step "${s.name}" joins steps from unrelated splits: ${describe(first)}, while ${describe(other === first ? (rest[0] ?? first) : other)}. ` +
            "Ensure that there is a matching join for every split: join the inner split first, then join its result with the other branches.",
          s.source,
        ),
      ];
    });
  },
};

function describe(i: Incoming): string {
  const top = i.lineage[i.lineage.length - 1];
  return top === undefined ? `"${i.from}" is not inside any split` : `"${i.from}" runs inside the split started at "${top.split}"`;
}
