/**
 * A cache of analysed flow sources (graph + lint findings), keyed by the source text, the path
 * shown in messages and the build of metaflow-ts. Re-running, checking or showing an unchanged
 * flow then skips loading the TypeScript parser, the largest part of a command's start-up.
 * Stored per user in the OS temp folder; `METAFLOW_TS_NO_CACHE=1` turns it off.
 * @module
 */
import { statSync, promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sha256 } from "../datastore/content-addressed-store.js";
import type { FlowGraph } from "../graph/types.js";
import type { Diagnostic } from "../lint/types.js";
import { userCacheDir, writeCacheEntry } from "./user-cache.js";

/** What is cached for one source. */
export interface AnalysedSource {
  readonly graph: FlowGraph | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** Identifies this build of the analysis code: a rebuild (or an upgrade) invalidates the cache. */
const buildId = ((): string => {
  try {
    return ["../graph/parse-flow-source.js", "../lint/lint-graph.js"].map((f) => statSync(path.join(here, f)).mtimeMs).join(":");
  } catch {
    return String(Math.random()); // running from sources: never reuse
  }
})();

const cacheDir = path.join(userCacheDir(), "graphs");

function keyOf(text: string, displayFile: string): string {
  return sha256(`${buildId}\0${displayFile}\0${text}`);
}

/** The cached analysis, if any. */
export async function readCachedAnalysis(text: string, displayFile: string, env: NodeJS.ProcessEnv = process.env): Promise<AnalysedSource | undefined> {
  if (env.METAFLOW_TS_NO_CACHE === "1") return undefined;
  try {
    return JSON.parse(await fs.readFile(path.join(cacheDir, `${keyOf(text, displayFile)}.json`), "utf8")) as AnalysedSource;
  } catch {
    return undefined;
  }
}

/** Stores an analysis (atomically; a failure to cache is not an error). */
export async function writeCachedAnalysis(text: string, displayFile: string, analysis: AnalysedSource, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (env.METAFLOW_TS_NO_CACHE === "1") return;
  await writeCacheEntry(path.join(cacheDir, `${keyOf(text, displayFile)}.json`), JSON.stringify(analysis));
}
