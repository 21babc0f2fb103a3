/**
 * UNKNOWN_TRANSITION: `this.next(...)` names a step that does not exist.
 * @module
 */
import { transitionTargets } from "../../graph/transition-targets.js";
import { stepError, stepsInOrder, type LintCheck } from "../lint-check.js";

const CODE = "UNKNOWN_TRANSITION";

/** Reports every transition target that is not a step of the flow. */
export const unknownTransition: LintCheck = {
  code: CODE,
  check(graph) {
    const known = Object.keys(graph.steps);
    return stepsInOrder(graph).flatMap((s) =>
      transitionTargets(s.transition)
        .filter((t) => !Object.hasOwn(graph.steps, t))
        .map((t) =>
          stepError(
            CODE,
            s.name,
            `Step "${s.name}" calls this.next() with this.${t}, but "${t}" is not a step of this flow (known steps: ${known.join(", ")}). ` +
              `Fix the name, or if ${t}() is a method of the flow, put @step above it.`,
            s.nextSource ?? s.source,
          ),
        ),
    );
  },
};
