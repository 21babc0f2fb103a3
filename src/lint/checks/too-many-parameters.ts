/**
 * TOO_MANY_PARAMETERS: a step method takes no parameter, or one (`inputs`) for a join.
 * @module
 */
import { stepError, stepsInOrder, type LintCheck } from "../lint-check.js";

const CODE = "TOO_MANY_PARAMETERS";

/** Reports step methods that declare more than one parameter. */
export const tooManyParameters: LintCheck = {
  code: CODE,
  check(graph) {
    return stepsInOrder(graph)
      .filter((s) => (s.parameterCount ?? (s.join ? 1 : 0)) > 1)
      .map((s) =>
        stepError(
          CODE,
          s.name,
          `Step "${s.name}" declares ${s.parameterCount} parameters. A normal step takes none and a join step takes exactly one, inputs: ${s.name}(inputs: Inputs<${graph.flowName}>).`,
          s.source,
        ),
      );
  },
};
