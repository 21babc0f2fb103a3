/**
 * INVALID_STEP_NAME: step names end up in pathspecs (`Flow/run/step/task`), file paths and
 * command lines, so they are ASCII identifiers that start with a lowercase letter:
 * `[a-z][A-Za-z0-9_]*`. Unlike Metaflow (lowercase only) camelCase is allowed, as is
 * idiomatic in TypeScript; two steps may not differ only by case (case-insensitive file systems).
 * @module
 */
import { stepError, stepsInOrder, type LintCheck } from "../lint-check.js";

/** The accepted form of a step name. */
export const STEP_NAME_PATTERN = /^[a-z][A-Za-z0-9_]*$/;

const CODE = "INVALID_STEP_NAME";

/** Reports badly formed step names and names that collide when case is ignored. */
export const invalidStepName: LintCheck = {
  code: CODE,
  check(graph) {
    const seen = new Map<string, string>();
    const found = [];
    for (const s of stepsInOrder(graph)) {
      if (s.name.startsWith("_") || s.name.startsWith("#")) continue;
      if (!STEP_NAME_PATTERN.test(s.name)) {
        found.push(
          stepError(
            CODE,
            s.name,
            `Step "${s.name}" has an invalid name. A step name starts with a lowercase ASCII letter followed by ASCII letters, digits or underscores (e.g. trainModel or train_model); rename the method.`,
            s.source,
          ),
        );
        continue;
      }
      const other = seen.get(s.name.toLowerCase());
      if (other !== undefined) {
        found.push(
          stepError(
            CODE,
            s.name,
            `Steps "${other}" and "${s.name}" differ only by letter case, which clashes on case-insensitive file systems. Rename one of them.`,
            s.source,
          ),
        );
      }
      seen.set(s.name.toLowerCase(), s.name);
    }
    return found;
  },
};
