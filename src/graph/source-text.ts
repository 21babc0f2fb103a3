/**
 * Small readers over a TypeScript syntax tree: locations, doc comments, decorators.
 * @module
 */
import type * as TS from "typescript";
import { ts } from "./typescript.js";
import type { SourceLocation } from "../errors.js";
import type { DecoratorRef } from "./types.js";

/** The 1-based location of `node` (its first token, after comments) or of a text position. */
export function locationOf(sf: TS.SourceFile, file: string, at: TS.Node | number): SourceLocation {
  const pos = typeof at === "number" ? at : at.getStart(sf);
  const { line, character } = sf.getLineAndCharacterOfPosition(pos);
  return { file, line: line + 1, column: character + 1 };
}

/**
 * The text of the JSDoc comment (`/** ... *\/`) written directly above `node` (above its
 * decorators, if any), without the comment markers and leading `*`; undefined when there is none.
 */
export function docCommentOf(sf: TS.SourceFile, node: TS.Node): string | undefined {
  const ranges = ts.getLeadingCommentRanges(sf.text, node.pos) ?? [];
  const last = ranges[ranges.length - 1];
  if (last === undefined || last.kind !== ts.SyntaxKind.MultiLineCommentTrivia) return undefined;
  const raw = sf.text.slice(last.pos, last.end);
  if (!raw.startsWith("/**") || raw === "/**/") return undefined;
  const body = raw.slice(3, -2);
  const lines = body.split(/\r?\n/).map((l) => l.replace(/^\s*\*? ?/, "").trimEnd());
  const text = lines.join("\n").trim();
  return text === "" ? undefined : text;
}

/** The decorators written on a class or method, split into `@step` and the others. */
export interface DecoratorsRead {
  /** True when a decorator named `step` (`@step` or `@step()`) is present. */
  readonly hasStep: boolean;
  /** Every other decorator, top to bottom. */
  readonly others: readonly DecoratorRef[];
}

/** Reads the decorators of `node` (a class or a method). */
export function readDecorators(sf: TS.SourceFile, file: string, node: TS.HasDecorators): DecoratorsRead {
  let hasStep = false;
  const others: DecoratorRef[] = [];
  for (const deco of ts.getDecorators(node) ?? []) {
    const expr = deco.expression;
    const callee = ts.isCallExpression(expr) ? expr.expression : expr;
    const name = lastName(callee);
    if (name === undefined) continue;
    if (name === "step") {
      hasStep = true;
      continue;
    }
    const source = locationOf(sf, file, deco);
    if (ts.isCallExpression(expr)) {
      const argsText = sf.text.slice(expr.arguments.pos, expr.arguments.end).trim().replace(/,$/, "").trim();
      others.push({ name, argsText, source });
    } else {
      others.push({ name, source });
    }
  }
  return { hasStep, others };
}

/** `retry` for `retry`, `mf.retry` or `retry<T>`; undefined for anything else. */
function lastName(expr: TS.Expression): string | undefined {
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  if (ts.isExpressionWithTypeArguments(expr)) return lastName(expr.expression);
  return undefined;
}
