/**
 * Reads one `@step` method into a step node (without the graph-wide fields).
 * @module
 */
import type * as TS from "typescript";
import { ts } from "./typescript.js";
import { docCommentOf, locationOf, readDecorators } from "./source-text.js";
import { readTransition } from "./read-transition.js";
import type { StepNode } from "./types.js";

/** A step as read from its method alone; the graph-wide fields come later. */
export type StepDraft = Omit<StepNode, "inFuncs" | "splitParents" | "matchingSplit">;

/** Reads `member` as a step if it is a method carrying `@step`; undefined otherwise. */
export function readStepMethod(sf: TS.SourceFile, file: string, member: TS.ClassElement): StepDraft | undefined {
  if (!ts.isMethodDeclaration(member)) return undefined;
  const decorators = readDecorators(sf, file, member);
  if (!decorators.hasStep) return undefined;
  const parameterCount = member.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === "this")).length;
  const read = readTransition(member.body);
  const doc = docCommentOf(sf, member);
  return {
    name: memberName(sf, member.name),
    transition: read.transition,
    join: parameterCount > 0,
    parameterCount,
    source: locationOf(sf, file, member.name),
    ...(read.call === undefined ? {} : { nextSource: locationOf(sf, file, read.call) }),
    decorators: decorators.others,
    ...(doc === undefined ? {} : { doc }),
    ...(read.error === undefined ? {} : { transitionError: read.error }),
  };
}

function memberName(sf: TS.SourceFile, name: TS.PropertyName): string {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return name.getText(sf);
}
