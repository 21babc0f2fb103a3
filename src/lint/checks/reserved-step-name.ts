/**
 * RESERVED_STEP_NAME: a step may not shadow a member of FlowSpec (or of every object),
 * and names starting with `_` (or private `#names`) are reserved for metaflow-ts.
 * @module
 */
import { stepError, stepsInOrder, type LintCheck } from "../lint-check.js";

/** Names a step cannot take: members of FlowSpec and of `Object.prototype`. */
export const RESERVED_STEP_NAMES: ReadonlySet<string> = new Set([
  "constructor",
  "next",
  "input",
  "index",
  "inputs",
  "foreachStack",
  "mergeArtifacts",
  "name",
  "toString",
  "toJSON",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
]);

const CODE = "RESERVED_STEP_NAME";

/** Reports steps whose name is reserved. */
export const reservedStepName: LintCheck = {
  code: CODE,
  check(graph) {
    return stepsInOrder(graph)
      .filter((s) => RESERVED_STEP_NAMES.has(s.name) || s.name.startsWith("_") || s.name.startsWith("#"))
      .map((s) => {
        const why = RESERVED_STEP_NAMES.has(s.name)
          ? "is a reserved word (a member of FlowSpec or of every object)"
          : "is reserved: names starting with _ or # are kept for metaflow-ts and private members";
        return stepError(CODE, s.name, `Step name "${s.name}" ${why}. Choose another name for the step.`, s.source);
      });
  },
};
