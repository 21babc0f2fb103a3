/**
 * Finds which class of a source file is the flow: the class passed to a top-level
 * `main(import.meta, X)`, else the `export default` class, else the single class that
 * extends `FlowSpec` (directly or through another class of the same file).
 * @module
 */
import type * as TS from "typescript";
import { ts } from "./typescript.js";

/** The flow class, with the classes of the same file it extends (closest base first). */
export interface FlowClassFound {
  readonly kind: "found";
  readonly flowClass: TS.ClassDeclaration;
  readonly bases: readonly TS.ClassDeclaration[];
}

/** Why no flow class could be picked. */
export interface FlowClassMissing {
  readonly kind: "missing" | "ambiguous";
  readonly message: string;
  readonly at?: TS.Node;
}

/** Picks the flow class of `sf`. */
export function findFlowClass(sf: TS.SourceFile): FlowClassFound | FlowClassMissing {
  const classes = sf.statements.filter(ts.isClassDeclaration);
  const byName = new Map(classes.flatMap((c) => (c.name === undefined ? [] : [[c.name.text, c] as const])));
  const found = (flowClass: TS.ClassDeclaration): FlowClassFound => ({ kind: "found", flowClass, bases: basesOf(flowClass, byName) });

  const mainArg = mainCallClassArg(sf);
  if (mainArg !== undefined) {
    const cls = ts.isIdentifier(mainArg) ? byName.get(mainArg.text) : undefined;
    if (cls !== undefined) return found(cls);
    return {
      kind: "missing",
      message: `main() is given ${mainArg.getText(sf)}, but no class of that name is declared at the top level of this file; pass the flow class itself: main(import.meta, MyFlow)`,
      at: mainArg,
    };
  }

  const defaultClass = defaultExportedClass(sf, classes, byName);
  if (defaultClass !== undefined) {
    if (defaultClass.name === undefined) {
      return { kind: "missing", message: "the default-exported flow class has no name; name it (the class name is the flow name): export default class MyFlow extends FlowSpec", at: defaultClass };
    }
    return found(defaultClass);
  }

  const isFlow = (c: TS.ClassDeclaration): boolean => extendsFlowSpec(c, byName, new Set());
  const flows = classes.filter(isFlow);
  const leaves = flows.filter((c) => !flows.some((other) => other !== c && baseName(other) === c.name?.text));
  const [only, second] = leaves;
  if (only !== undefined && second === undefined && only.name !== undefined) return found(only);
  if (only === undefined) {
    return {
      kind: "missing",
      message: "no flow class found in this file: declare a class that extends FlowSpec, e.g. export default class MyFlow extends FlowSpec { ... }",
    };
  }
  const names = leaves.map((c) => c.name?.text ?? "(anonymous)").join(", ");
  return {
    kind: "ambiguous",
    message: `several classes extend FlowSpec (${names}); export the flow class as default or pass it to main(import.meta, MyFlow)`,
    at: second,
  };
}

/** The second argument of a top-level `main(import.meta, X)` call (also under `await` or `void`). */
function mainCallClassArg(sf: TS.SourceFile): TS.Expression | undefined {
  for (const statement of sf.statements) {
    if (!ts.isExpressionStatement(statement)) continue;
    let expr: TS.Expression = statement.expression;
    while (ts.isAwaitExpression(expr) || ts.isVoidExpression(expr) || ts.isParenthesizedExpression(expr)) expr = expr.expression;
    if (ts.isCallExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === "main") {
      const arg = expr.arguments[1];
      if (arg !== undefined) return arg;
    }
  }
  return undefined;
}

/** `export default class X extends Y {}`, or `export default X;` naming a class that extends something. */
function defaultExportedClass(
  sf: TS.SourceFile,
  classes: readonly TS.ClassDeclaration[],
  byName: ReadonlyMap<string, TS.ClassDeclaration>,
): TS.ClassDeclaration | undefined {
  const direct = classes.find((c) => hasModifier(c, ts.SyntaxKind.DefaultKeyword) && baseName(c) !== undefined);
  if (direct !== undefined) return direct;
  for (const statement of sf.statements) {
    if (ts.isExportAssignment(statement) && !statement.isExportEquals && ts.isIdentifier(statement.expression)) {
      const cls = byName.get(statement.expression.text);
      if (cls !== undefined && baseName(cls) !== undefined) return cls;
    }
  }
  return undefined;
}

function hasModifier(node: TS.ClassDeclaration, kind: TS.SyntaxKind): boolean {
  return (node.modifiers ?? []).some((m) => m.kind === kind);
}

/** The last name of the `extends` expression: `FlowSpec` for `extends FlowSpec` or `extends mf.FlowSpec`. */
export function baseName(cls: TS.ClassLikeDeclaration): string | undefined {
  const clause = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
  const expr = clause?.types[0]?.expression;
  if (expr === undefined) return undefined;
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  return undefined;
}

function extendsFlowSpec(cls: TS.ClassDeclaration, byName: ReadonlyMap<string, TS.ClassDeclaration>, seen: Set<TS.ClassDeclaration>): boolean {
  const base = baseName(cls);
  if (base === undefined || seen.has(cls)) return false;
  if (base === "FlowSpec") return true;
  seen.add(cls);
  const parent = byName.get(base);
  return parent !== undefined && extendsFlowSpec(parent, byName, seen);
}

/** The classes of the same file `cls` extends, closest first (stops at a class not declared here). */
function basesOf(cls: TS.ClassDeclaration, byName: ReadonlyMap<string, TS.ClassDeclaration>): TS.ClassDeclaration[] {
  const bases: TS.ClassDeclaration[] = [];
  let current: TS.ClassDeclaration | undefined = cls;
  while (current !== undefined) {
    const name = baseName(current);
    const parent: TS.ClassDeclaration | undefined = name === undefined ? undefined : byName.get(name);
    if (parent === undefined || parent === cls || bases.includes(parent)) break;
    bases.push(parent);
    current = parent;
  }
  return bases;
}
