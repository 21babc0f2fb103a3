/**
 * Imports a code package (the flow bundled into one ES module) and finds its flow class.
 * The bundle's `import ... from "metaflow-ts"` reads the API object the host registers on
 * `globalThis`, so the flow and the runtime share one copy of metaflow-ts wherever the
 * package is loaded from.
 * @module
 */
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ErrorCode, MetaflowError } from "../errors.js";
import { pickFlowClass, takeRegisteredFlowClasses, type FlowClass } from "../flow/flow-class.js";

/** Key under which the host exposes the metaflow-ts API to code packages. */
export const apiGlobalKey: symbol = Symbol.for("metaflow-ts.api");

/**
 * Imports the bundled module at `modulePath` (a path, or a URL such as env-imports.ts's
 * `codeModuleUrl`) and returns its flow class. `file` names the flow file in errors.
 */
export async function importFlowClass(modulePath: string | URL, api: object, file: string): Promise<FlowClass> {
  (globalThis as Record<symbol, unknown>)[apiGlobalKey] = api;
  takeRegisteredFlowClasses();
  let module: Record<string, unknown>;
  // An error thrown while the module loads then points at the flow file's own lines (the bundle has an inline source map).
  process.setSourceMapsEnabled(true);
  try {
    module = (await import(typeof modulePath === "string" ? pathToFileURL(modulePath).href : modulePath.href)) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof MetaflowError) throw e;
    throw new MetaflowError(ErrorCode.FlowLoad, `Loading ${file} failed: ${describeLoadError(e)}`, { cause: e });
  }
  return pickFlowClass(module, takeRegisteredFlowClasses(), file);
}

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** An error thrown while the flow module loaded: its message and the frames of the user's code (file:line), not the runtime's. */
function describeLoadError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const lines = (e.stack ?? "").split("\n");
  const head = lines.filter((l) => !l.startsWith("    at ")).join("\n") || `${e.name}: ${e.message}`;
  const userFrames = lines.filter((l) => l.startsWith("    at ") && !l.includes("node:") && !l.includes(packageRoot));
  return [head, ...userFrames].join("\n");
}
