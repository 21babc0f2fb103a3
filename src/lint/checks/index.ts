/**
 * The lint rules, in the order they run, grouped in stages. All checks of a stage run; when a
 * stage finds an error the later stages are skipped, since their findings would only be
 * consequences of it (an unknown target makes later steps unreachable). After the first stage
 * (each step on its own), every rule is a stage of its own, most specific first, so that one
 * mistake gives one message.
 * @module
 */
import type { LintCheck } from "../lint-check.js";
import { endHasTransition } from "./end-has-transition.js";
import { endInsideSplit } from "./end-inside-split.js";
import { endIsJoin } from "./end-is-join.js";
import { flowCycle } from "./flow-cycle.js";
import { foreachIntoJoin } from "./foreach-into-join.js";
import { invalidStepName } from "./invalid-step-name.js";
import { invalidTransition } from "./invalid-transition.js";
import { joinBranchMismatch } from "./join-branch-mismatch.js";
import { joinIsSplit } from "./join-is-split.js";
import { joinUnrelatedSplits } from "./join-unrelated-splits.js";
import { joinWithoutSplit } from "./join-without-split.js";
import { loopAcrossSplit } from "./loop-across-split.js";
import { mergeWithoutJoin } from "./merge-without-join.js";
import { missingEndStep } from "./missing-end-step.js";
import { missingStartStep } from "./missing-start-step.js";
import { missingTransition } from "./missing-transition.js";
import { orphanStep } from "./orphan-step.js";
import { reservedStepName } from "./reserved-step-name.js";
import { splitWithoutJoin } from "./split-without-join.js";
import { startIsJoin } from "./start-is-join.js";
import { switchIntoJoin } from "./switch-into-join.js";
import { switchTooFewCases } from "./switch-too-few-cases.js";
import { tooManyParameters } from "./too-many-parameters.js";
import { unknownTransition } from "./unknown-transition.js";

/** The lint stages, in order; each is a list of checks. */
export const lintStages: readonly (readonly LintCheck[])[] = [
  // 1. Each step on its own: names, start/end, parameters, the form of this.next().
  [
    reservedStepName,
    invalidStepName,
    missingStartStep,
    missingEndStep,
    tooManyParameters,
    startIsJoin,
    endIsJoin,
    endHasTransition,
    joinIsSplit,
    missingTransition,
    invalidTransition,
    switchTooFewCases,
  ],
  // 2. The edges: targets exist, no loop except through a switch, everything reachable.
  [unknownTransition],
  [flowCycle],
  [orphanStep],
  // 3. Splits and joins balance; one rule per stage.
  [foreachIntoJoin],
  [switchIntoJoin],
  [joinWithoutSplit],
  [joinUnrelatedSplits],
  [joinBranchMismatch],
  [mergeWithoutJoin],
  [endInsideSplit],
  [loopAcrossSplit],
  [splitWithoutJoin],
];

/** Every lint check, in the order it runs. */
export const lintChecks: readonly LintCheck[] = lintStages.flat();
