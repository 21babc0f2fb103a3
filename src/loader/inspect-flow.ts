/**
 * Loads a flow for running: its graph from the source (must be valid), its code package
 * (bundle), and from the class itself the parameters and decorators.
 * @module
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { sha256 } from "../datastore/content-addressed-store.js";
import { ErrorCode, MetaflowError } from "../errors.js";
import { declarationsOf, type FieldDeclaration, type FlowClass } from "../flow/flow-class.js";
import { flowDecoratorsOf, stepDecoratorsOf, stepNamesOf, type AppliedDecorator } from "../flow/metadata-keys.js";
import type { FlowGraph } from "../graph/types.js";
import { apiSubpaths, bundleFlowModule } from "./bundle-flow.js";
import { codeModuleUrl, enableEnvImports } from "./env-imports.js";
import { readFlowSource, requireValidGraph, type FlowSource } from "./flow-source.js";
import { importFlowClass } from "./import-code-package.js";
import { userCacheDir } from "./user-cache.js";

/** Everything known about a flow before it runs. */
export interface InspectedFlow {
  readonly source: FlowSource;
  readonly graph: FlowGraph;
  /** The code package: the flow bundled into one ES module. */
  readonly code: string;
  readonly flowClass: FlowClass;
  readonly declarations: readonly FieldDeclaration[];
  readonly stepDecorators: ReadonlyMap<string, readonly AppliedDecorator[]>;
  readonly flowDecorators: readonly AppliedDecorator[];
  /** Where the code package was loaded from (its exports may name config parsers). */
  readonly modulePath?: string;
  /** Packages the flow's code imports that the project provides (bundled into the code package). */
  readonly bundledPackages?: readonly string[];
  /** Imports the code package leaves to step environments (`@npm`), e.g. `is-number`, `lodash/fp`. */
  readonly envImports?: readonly string[];
}

/** Reads, checks, bundles and loads a flow file. `api` is the metaflow-ts module the flow imports. */
export async function inspectFlow(file: string, api: object, cwd = process.cwd()): Promise<InspectedFlow> {
  // The parser is not kept for the rest of the command (a run): a source not cached is analysed in a
  // process of its own, while the flow is bundled. Errors are reported in the same order as one after
  // the other: a missing file or an invalid graph before a bundling error.
  const [analysed, bundled] = await Promise.allSettled([
    readFlowSource(file, cwd, "apart"),
    bundleFlowModule(path.resolve(cwd, file), Object.keys(api), new Set(), apiSubpaths(api)),
  ]);
  if (analysed.status === "rejected") throw analysed.reason;
  const source = analysed.value;
  const graph = requireValidGraph(source);
  if (bundled.status === "rejected") throw bundled.reason;
  const bundle = bundled.value;
  const code = bundle.code;
  const modulePath = await writeCodeCache(code);
  // Imports left to step environments resolve, outside steps, to the project or a stand-in.
  if (bundle.envImports.size > 0) enableEnvImports();
  const flowClass = await importFlowClass(bundle.envImports.size > 0 ? codeModuleUrl(modulePath, { projectDir: path.dirname(source.file) }) : modulePath, api, source.displayFile);
  if (flowClass.name !== graph.flowName) {
    throw new MetaflowError(ErrorCode.FlowClassNotFound, `${source.displayFile}: the flow class at run time is ${flowClass.name} but the source analysis found ${graph.flowName}. Pass the flow class to main(import.meta, ${graph.flowName}) or export it as default.`);
  }
  const runtimeSteps = new Set(stepNamesOf(flowClass));
  const missing = Object.keys(graph.steps).filter((s) => !runtimeSteps.has(s));
  if (missing.length > 0) {
    throw new MetaflowError(ErrorCode.FlowLoad, `${source.displayFile}: step${missing.length > 1 ? "s" : ""} ${missing.join(", ")} of ${graph.flowName} are not registered at run time; is the @step decorator imported from "metaflow-ts"?`);
  }
  let instance: object;
  try {
    instance = new flowClass();
  } catch (e) {
    if (e instanceof MetaflowError) throw e; // e.g. an invalid Config declaration: its message says what to fix
    throw new MetaflowError(ErrorCode.FlowLoad, `Creating ${graph.flowName} failed (a field initializer or constructor threw): ${(e as Error)?.stack ?? String(e)}`, { cause: e });
  }
  const declarations = declarationsOf(instance);
  const seen = new Map<string, string>();
  for (const d of declarations) {
    const other = seen.get(d.name);
    if (other !== undefined) throw new MetaflowError(ErrorCode.ParameterError, `${source.displayFile}: fields '${other}' and '${d.field}' both declare the parameter '${d.name}'; give each a unique name.`);
    seen.set(d.name, d.field);
    if (graph.steps[d.field] !== undefined) throw new MetaflowError(ErrorCode.ParameterError, `${source.displayFile}: parameter field '${d.field}' has the name of a step; rename one of them.`);
  }
  return {
    source,
    graph,
    code,
    flowClass,
    declarations,
    stepDecorators: stepDecoratorsOf(flowClass),
    flowDecorators: flowDecoratorsOf(flowClass),
    modulePath,
    bundledPackages: [...bundle.bundled],
    envImports: [...bundle.envImports],
  };
}

/**
 * Writes a bundle to a per-user temp cache (content-addressed) so it can be imported. Safe for
 * concurrent writers (runs in one process or many): each writes its own temp file, the first
 * to link it in place wins, the others drop theirs (the content is the same).
 */
export async function writeCodeCache(code: string): Promise<string> {
  const dir = path.join(userCacheDir(), "code");
  const file = path.join(dir, `${sha256(code)}.mjs`);
  try {
    const now = new Date();
    await fs.utimes(file, now, now); // marks it used, so `gc` keeps it (see user-cache.ts)
    return file;
  } catch {
    // not cached yet
  }
  await fs.mkdir(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await fs.writeFile(tmp, code);
    await fs.link(tmp, file).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== "EEXIST") throw e;
    });
  } finally {
    await fs.rm(tmp, { force: true });
  }
  return file;
}
