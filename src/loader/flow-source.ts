/**
 * Reads a flow file and builds its graph from the source (no user code runs), with the
 * lint findings; both come from the per-user graph cache when the source was seen before.
 * @module
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { displayPath, ErrorCode, MetaflowError } from "../errors.js";
import type { FlowGraph } from "../graph/types.js";
import type { Diagnostic } from "../lint/types.js";
import type { AnalysisPlace } from "./analyse-source.js";
import { readCachedAnalysis, writeCachedAnalysis } from "./graph-cache.js";

/** A flow file, read and analysed. */
export interface FlowSource {
  /** Absolute path. */
  readonly file: string;
  /** Path as shown to the user (relative to the working directory). */
  readonly displayFile: string;
  readonly graph: FlowGraph | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** Raised when a flow's graph has lint errors; carries them as data. */
export class FlowLintError extends MetaflowError {
  override readonly name = "FlowLintError";
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(ErrorCode.LintFailed, diagnostics.map((d) => d.message).join("\n"), diagnostics[0]?.source ? { source: diagnostics[0].source } : {});
  }
}

/**
 * Reads and analyses a flow file. Throws when the file does not exist. A source not analysed before
 * is parsed `here` or, for a command that goes on for long after (a run), `apart` in a short-lived
 * process, so that this one never holds the TypeScript parser (see analyse-source.ts).
 */
export async function readFlowSource(file: string, cwd = process.cwd(), place: AnalysisPlace = "here"): Promise<FlowSource> {
  const abs = path.resolve(cwd, file);
  let text: string;
  try {
    text = await fs.readFile(abs, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new MetaflowError(
      ErrorCode.FlowFileNotFound,
      code === "EISDIR" ? `${file} is a folder; give the path of a flow file (e.g. flows/my-flow.ts).` : `Flow file ${file} does not exist (looked in ${abs}). Check the path.`,
    );
  }
  const displayFile = displayPath(abs, cwd);
  const cached = await readCachedAnalysis(text, displayFile);
  if (cached !== undefined) return { file: abs, displayFile, ...cached };
  // Only an unseen source is parsed and linted: a cache hit does not load (or compile) either.
  const { analyseSource } = await import("./analyse-source.js");
  const analysed = await analyseSource(text, displayFile, place);
  await writeCachedAnalysis(text, displayFile, analysed);
  return { file: abs, displayFile, ...analysed };
}

/** The graph of a flow that must be valid: throws {@link FlowLintError} on any error. */
export function requireValidGraph(source: FlowSource): FlowGraph {
  const errors = source.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || source.graph === undefined) {
    throw new FlowLintError(errors.length > 0 ? errors : [{ code: "FLOW_CLASS_NOT_FOUND", severity: "error", message: `No flow class found in ${source.displayFile}.` }]);
  }
  return source.graph;
}
