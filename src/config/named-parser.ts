/**
 * Parsers named by a string: `"parseIni"` is an export of the flow file (its code package, so
 * it is found again wherever the flow's code is), `"module#export"` an export of a package or of
 * a file relative to the flow file's folder. Nothing is imported until a config needs it.
 * @module
 */
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ErrorCode, MetaflowError } from "../errors.js";
import type { ConfigParserFunction } from "./config-declaration.js";

/** Where a named parser is looked up. */
export interface ParserLookup {
  /** The flow file (absolute). */
  readonly flowFile: string;
  /** The flow's code package module (absolute path), for exports of the flow file itself. */
  readonly modulePath?: string;
}

/** Finds the function a parser name designates. */
export async function resolveNamedParser(spec: string, configName: string, lookup: ParserLookup): Promise<ConfigParserFunction> {
  const hash = spec.lastIndexOf("#");
  const specifier = hash < 0 ? "" : spec.slice(0, hash);
  const exportName = hash < 0 ? spec : spec.slice(hash + 1);
  const where = specifier === "" ? `the flow file ${path.basename(lookup.flowFile)}` : specifier;
  let url: string;
  if (specifier === "") {
    if (lookup.modulePath === undefined) throw new MetaflowError(ErrorCode.ConfigError, `Config '${configName}': parser "${spec}" names an export of the flow file, which is not loaded here.`);
    url = pathToFileURL(lookup.modulePath).href;
  } else {
    try {
      url = specifier.startsWith(".") || path.isAbsolute(specifier)
        ? pathToFileURL(path.resolve(path.dirname(lookup.flowFile), specifier)).href
        : pathToFileURL(createRequire(lookup.flowFile).resolve(specifier)).href;
    } catch (e) {
      throw new MetaflowError(ErrorCode.ConfigError, `Config '${configName}': cannot find the module of parser "${spec}" from ${path.dirname(lookup.flowFile)}: ${(e as Error).message}. Install the package or fix the path (a relative path starts with ./).`, { cause: e });
    }
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    throw new MetaflowError(ErrorCode.ConfigError, `Config '${configName}': loading ${where} for parser "${spec}" failed: ${(e as Error).message}`, { cause: e });
  }
  const fn = module[exportName];
  if (typeof fn !== "function") {
    const exported = Object.keys(module).filter((k) => typeof module[k] === "function");
    throw new MetaflowError(
      ErrorCode.ConfigError,
      `Config '${configName}': parser "${spec}" is not an exported function of ${where}. ` + (exported.length > 0 ? `Exported functions: ${exported.join(", ")}.` : "It exports no function."),
    );
  }
  return fn as ConfigParserFunction;
}
