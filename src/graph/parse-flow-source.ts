/**
 * TypeScript source text -> {@link FlowGraph}, using only the TypeScript parser (no type
 * checker, no user code runs). Syntax errors and a missing flow class are diagnostics;
 * graph rules are checked later by `lintGraph`.
 * @module
 */
import type * as TS from "typescript";
import { ts } from "./typescript.js";
import { ErrorCode } from "../errors.js";
import type { Diagnostic } from "../lint/types.js";
import { findFlowClass } from "./find-flow-class.js";
import { readStepMethod, type StepDraft } from "./read-step-method.js";
import { docCommentOf, locationOf, readDecorators } from "./source-text.js";
import { analyzeSplits } from "./split-lineage.js";
import type { FlowGraph, StepNode } from "./types.js";

/** The result of {@link parseFlowSource}: a graph unless the source could not be read as a flow. */
export interface ParsedFlow {
  readonly graph?: FlowGraph;
  readonly diagnostics: Diagnostic[];
}

/**
 * Parses a flow file's source and builds its graph.
 * @param sourceText the TypeScript source of the flow file
 * @param file the path to report in locations (not read)
 */
export function parseFlowSource(sourceText: string, file: string): ParsedFlow {
  const sf = ts.createSourceFile(file, sourceText, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const syntax = syntaxDiagnostics(sf, file);
  if (syntax.length > 0) return { diagnostics: syntax };

  const found = findFlowClass(sf);
  if (found.kind !== "found") {
    return {
      diagnostics: [
        {
          code: found.kind === "missing" ? ErrorCode.FlowClassNotFound : "FLOW_CLASS_AMBIGUOUS",
          severity: "error",
          message: `${capitalize(found.message)}.`,
          source: found.at === undefined ? { file, line: 1, column: 1 } : locationOf(sf, file, found.at),
        },
      ],
    };
  }
  const { flowClass, bases } = found;
  const drafts: Record<string, StepDraft> = {};
  for (const cls of [...bases].reverse().concat(flowClass)) {
    for (const member of cls.members) {
      const draft = readStepMethod(sf, file, member);
      if (draft !== undefined) drafts[draft.name] = draft;
    }
  }
  const doc = docCommentOf(sf, flowClass);
  const graph: FlowGraph = {
    flowName: flowClass.name?.text ?? "",
    file,
    source: locationOf(sf, file, flowClass.name ?? flowClass),
    ...(doc === undefined ? {} : { doc }),
    decorators: readDecorators(sf, file, flowClass).others,
    ...linkSteps(drafts),
  };
  return { graph, diagnostics: [] };
}

/** Adds `inFuncs`, `splitParents`, `matchingSplit` to every step and computes `order`. */
function linkSteps(drafts: Readonly<Record<string, StepDraft>>): Pick<FlowGraph, "steps" | "order"> {
  const analysis = analyzeSplits(drafts);
  const { walk } = analysis;
  const rank = new Map(walk.topological.map((n, i) => [n, i]));
  const inFuncs = new Map<string, string[]>();
  for (const from of walk.reachable) {
    for (const to of walk.successors.get(from) ?? []) inFuncs.set(to, [...(inFuncs.get(to) ?? []), from]);
  }
  const line = (n: string): number => drafts[n]?.source.line ?? 0;
  const unreachable = Object.keys(drafts)
    .filter((n) => !walk.reachable.has(n))
    .sort((a, b) => line(a) - line(b));
  const order = [...walk.topological.filter((n) => n !== "end"), ...unreachable.filter((n) => n !== "end")];
  if (Object.hasOwn(drafts, "end")) order.push("end");

  const steps: Record<string, StepNode> = {};
  for (const name of order) {
    const draft = drafts[name];
    if (draft === undefined) continue;
    const parents = (inFuncs.get(name) ?? []).sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
    const matchingSplit = analysis.matchingSplit.get(name);
    steps[name] = {
      ...draft,
      inFuncs: parents,
      splitParents: (analysis.lineage.get(name) ?? []).map((f) => f.split),
      ...(matchingSplit === undefined ? {} : { matchingSplit }),
    };
  }
  return { steps, order };
}

function syntaxDiagnostics(sf: TS.SourceFile, file: string): Diagnostic[] {
  const parseDiagnostics = (sf as unknown as { parseDiagnostics?: readonly TS.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  // Only the first error: the parser's later errors are mostly consequences of it.
  const [first] = parseDiagnostics;
  if (first === undefined) return [];
  const more = parseDiagnostics.length > 1 ? ` (${parseDiagnostics.length - 1} more syntax error(s) may follow from it)` : "";
  return [
    {
      code: ErrorCode.FlowSyntax,
      severity: "error",
      message: `TypeScript syntax error: ${ts.flattenDiagnosticMessageText(first.messageText, "\n")} (TS${first.code})${more}. Fix the syntax so the flow graph can be read.`,
      source: locationOf(sf, file, first.start),
    },
  ];
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
