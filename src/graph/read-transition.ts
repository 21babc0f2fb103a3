/**
 * Reads a step method's body and finds its transition: the `this.next(...)` call that must be
 * the last statement. Anything else becomes a `transitionError` in words.
 * @module
 */
import type * as TS from "typescript";
import { ts } from "./typescript.js";
import type { Transition } from "./types.js";

/** What the body of a step says about its transition. */
export interface TransitionRead {
  readonly transition: Transition;
  /** The `this.next(...)` call the transition (or the error) is about. */
  readonly call?: TS.CallExpression;
  /** Why the call is not a valid transition; `transition` is then `end`. */
  readonly error?: string;
}

const END: Transition = { kind: "end" };

/** Finds and reads the transition of a method body. */
export function readTransition(body: TS.Block | undefined): TransitionRead {
  if (body === undefined) return { transition: END, error: "the step method has no body" };
  const calls = findNextCalls(body);
  const tail = tailCall(body);
  const first = calls[0];
  if (first === undefined) return { transition: END };
  if (tail === undefined) {
    const nested = first.parent.parent !== body;
    const error = nested
      ? "this.next() is called inside a block (if, loop, try, callback); it must be the last statement of the step itself, outside any block"
      : "this.next() must be the last statement of the step";
    return { transition: END, call: first, error };
  }
  const extra = calls.find((c) => c !== tail);
  if (extra !== undefined) {
    return { transition: END, call: extra, error: "this.next() is called more than once; a step has exactly one transition, as its last statement" };
  }
  const read = readNextArguments(tail.arguments);
  return typeof read === "string" ? { transition: END, call: tail, error: read } : { transition: read, call: tail };
}

/** The `this.next(...)` call that is the last statement (`this.next(...)` or `return this.next(...)`). */
function tailCall(body: TS.Block): TS.CallExpression | undefined {
  const statements = body.statements.filter((s) => !ts.isEmptyStatement(s));
  const last = statements[statements.length - 1];
  if (last === undefined) return undefined;
  const expr = ts.isExpressionStatement(last) ? last.expression : ts.isReturnStatement(last) ? last.expression : undefined;
  return expr !== undefined && isNextCall(expr) ? expr : undefined;
}

/** Every `this.next(...)` call in the body, in source order, not looking into nested functions/classes with their own `this`. */
function findNextCalls(body: TS.Block): TS.CallExpression[] {
  const found: TS.CallExpression[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isClassLike(node)) return;
    if (isNextCall(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

function isNextCall(node: TS.Node): node is TS.CallExpression {
  if (!ts.isCallExpression(node)) return false;
  const callee = node.expression;
  return ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword && callee.name.text === "next";
}

const FORMS =
  "write this.next(this.a), this.next(this.a, this.b), this.next(this.body, { foreach: \"items\" }) " +
  "or this.next({ caseA: this.a, caseB: this.b }, { condition: \"attr\" })";

/** Reads the arguments of `this.next(...)`: a transition, or the reason it is not one. */
export function readNextArguments(args: readonly TS.Expression[]): Transition | string {
  if (args.length === 0) return `this.next() needs at least one target step; ${FORMS}`;
  if (args.some(ts.isSpreadElement)) return `this.next() cannot take a spread (...) argument; list the target steps; ${FORMS}`;
  const [first, ...rest] = args;
  if (first !== undefined && ts.isObjectLiteralExpression(first)) return readSwitch(first, rest);
  const last = args[args.length - 1];
  const options = last !== undefined && ts.isObjectLiteralExpression(last) ? last : undefined;
  const targetArgs = options === undefined ? args : args.slice(0, -1);
  const targets: string[] = [];
  for (const arg of targetArgs) {
    const name = stepRef(arg);
    if (name === undefined) return `the target ${arg.getText()} is not a step reference; targets are written this.<step>`;
    if (targets.includes(name)) return `the step ${name} is listed twice`;
    targets.push(name);
  }
  if (options === undefined) {
    const [only] = targets;
    return targets.length === 1 && only !== undefined ? { kind: "linear", to: only } : { kind: "branch", to: targets };
  }
  const opts = readOptions(options);
  if (typeof opts === "string") return opts;
  if (opts.condition !== undefined) return `a switch takes an object of cases as its first argument; ${FORMS}`;
  if (opts.foreach === undefined) return `the options object must name the foreach attribute; ${FORMS}`;
  const [body] = targets;
  if (targets.length !== 1 || body === undefined) return "a foreach takes exactly one target step: this.next(this.body, { foreach: \"items\" })";
  return { kind: "foreach", to: body, over: opts.foreach };
}

function readSwitch(casesArg: TS.ObjectLiteralExpression, rest: readonly TS.Expression[]): Transition | string {
  const [optionsArg, ...extra] = rest;
  if (optionsArg === undefined || !ts.isObjectLiteralExpression(optionsArg) || extra.length > 0) {
    return "a switch is written this.next({ caseA: this.a, caseB: this.b }, { condition: \"attr\" }): the cases, then the options with the condition";
  }
  const opts = readOptions(optionsArg);
  if (typeof opts === "string") return opts;
  if (opts.foreach !== undefined) return "a switch cannot also be a foreach; use a separate step";
  if (opts.condition === undefined) return "a switch needs { condition: \"attr\" }: the name of the attribute whose value picks the case";
  const cases: Record<string, string> = {};
  for (const prop of casesArg.properties) {
    if (!ts.isPropertyAssignment(prop)) return "each switch case is written key: this.<step> (no shorthand, spread or methods)";
    const key = literalKey(prop.name);
    if (key === undefined) return "switch case keys must be identifiers, string or number literals (not computed)";
    if (Object.hasOwn(cases, key)) return `the switch case ${key} is listed twice`;
    const target = stepRef(prop.initializer);
    if (target === undefined) return `the switch case ${key} must point at a step, written this.<step>`;
    cases[key] = target;
  }
  return { kind: "switch", cases, condition: opts.condition };
}

interface NextOptions {
  readonly foreach?: string;
  readonly condition?: string;
}

function readOptions(obj: TS.ObjectLiteralExpression): NextOptions | string {
  let foreach: string | undefined;
  let condition: string | undefined;
  for (const prop of obj.properties) {
    const key = ts.isPropertyAssignment(prop) ? literalKey(prop.name) : undefined;
    if (!ts.isPropertyAssignment(prop) || key === undefined) return "the options of this.next() must be written { foreach: \"attr\" } or { condition: \"attr\" }";
    const value = ts.isStringLiteralLike(prop.initializer) ? prop.initializer.text : undefined;
    if (key !== "foreach" && key !== "condition") return `unknown option ${key} in this.next(); the options are foreach and condition`;
    if (value === undefined || value === "") return `the ${key} option must be a non-empty string literal naming an attribute, e.g. { ${key}: "items" }`;
    if (key === "foreach") foreach = value;
    else condition = value;
  }
  if (foreach !== undefined && condition !== undefined) return "this.next() cannot take both foreach and condition";
  return { ...(foreach === undefined ? {} : { foreach }), ...(condition === undefined ? {} : { condition }) };
}

function stepRef(expr: TS.Expression): string | undefined {
  return ts.isPropertyAccessExpression(expr) && expr.expression.kind === ts.SyntaxKind.ThisKeyword && ts.isIdentifier(expr.name)
    ? expr.name.text
    : undefined;
}

function literalKey(name: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}
