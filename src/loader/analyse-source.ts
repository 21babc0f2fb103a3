/**
 * The analysis of a flow's source (graph + lint findings), in this process or in a short-lived one.
 * Loading the TypeScript parser costs a process ~17 MiB of heap and ~40 MiB of RSS that it keeps
 * for as long as it lives: V8 runs no full collection while a scheduler is busy, and the C library
 * keeps the memory a parser thread freed (a thread gave back only ~half of it). So a command that goes
 * on after the analysis (`run`, `resume`) analyses a source not cached yet in a process of its own
 * (~50 ms more, once per edit of the flow); commands that end right after (`check`, `show`) analyse here.
 * @module
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseFlowSource } from "../graph/parse-flow-source.js";
import { lintGraph } from "../lint/lint-graph.js";
import type { AnalysedSource } from "./graph-cache.js";

// Built next to this file; absent when running from the TypeScript sources (then the analysis runs here).
const processEntry = fileURLToPath(new URL("./analyse-process.js", import.meta.url));

/** Where to analyse a source: `here`, or `apart` in a process that ends afterwards. */
export type AnalysisPlace = "here" | "apart";

/** Parses and lints a flow's source in this process. */
export function analyseHere(text: string, displayFile: string): AnalysedSource {
  const parsed = parseFlowSource(text, displayFile);
  return { graph: parsed.graph, diagnostics: [...parsed.diagnostics, ...(parsed.graph ? lintGraph(parsed.graph) : [])] };
}

/**
 * Parses and lints a flow's source, in a short-lived process when `place` is `apart` and the build
 * has its entry (the result is the same plain data the analysis cache holds); here otherwise, or if
 * that process fails (the analysis here then reports its own error).
 */
export async function analyseSource(text: string, displayFile: string, place: AnalysisPlace): Promise<AnalysedSource> {
  if (place === "here" || !existsSync(processEntry)) return analyseHere(text, displayFile);
  const json = await new Promise<string | undefined>((resolve) => {
    const child = spawn(process.execPath, [processEntry], { stdio: ["pipe", "pipe", "ignore"] });
    const out: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.once("error", () => resolve(undefined));
    child.once("close", (code) => resolve(code === 0 ? Buffer.concat(out).toString("utf8") : undefined));
    child.stdin.on("error", () => undefined);
    child.stdin.end(JSON.stringify({ text, displayFile }));
  });
  if (json === undefined) return analyseHere(text, displayFile);
  try {
    return JSON.parse(json) as AnalysedSource;
  } catch {
    return analyseHere(text, displayFile);
  }
}
