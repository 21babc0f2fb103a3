/**
 * Resolves the values of a run's parameters and included files when the run starts:
 * command-line text or typed values (Runner) checked against each parameter's type,
 * defaults (functions called), required ones enforced, included files read.
 * @module
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { ErrorCode, MetaflowError } from "../errors.js";
import type { FieldDeclaration } from "../flow/flow-class.js";
import { parameterType, type ParameterType } from "../flow/parameter.js";

/** Where values come from. */
export interface ParameterInputs {
  /** Values by parameter name: strings from the command line, or typed values from the Runner. */
  readonly values: Readonly<Record<string, unknown>>;
  readonly flowName: string;
  readonly user: string;
  /** Where paths given on the command line (or to the Runner) are resolved from. */
  readonly cwd: string;
  /** The flow file's folder: where paths written in the flow (an IncludeFile's `default`) are resolved from, as for Config defaults. */
  readonly flowDir: string;
  /** The flow's resolved configs, by name: a function default reads them from its context. */
  readonly configs?: Readonly<Record<string, unknown>>;
}

/** Resolves every declaration to its value, keyed by field name. */
export async function resolveParameters(decls: readonly FieldDeclaration[], inputs: ParameterInputs): Promise<Record<string, unknown>> {
  const known = new Set(decls.map((d) => d.name));
  const unknown = Object.keys(inputs.values).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw new MetaflowError(
      ErrorCode.ParameterError,
      `Unknown parameter${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => `'${u}'`).join(", ")} for ${inputs.flowName}. ` +
        (known.size > 0 ? `The flow's parameters are: ${[...known].join(", ")}.` : "The flow declares no parameters."),
    );
  }
  const out: Record<string, unknown> = {};
  for (const decl of decls) {
    const given = inputs.values[decl.name];
    if (decl.kind === "parameter") {
      const type = parameterType(decl);
      if (given === "" && decl.options.required) {
        throw new MetaflowError(ErrorCode.ParameterError, `Parameter '${decl.name}' is required and was given an empty value: pass --${decl.name} <${type}> with a value to run.`);
      }
      if (given !== undefined) out[decl.field] = convert(decl.name, type, given);
      else if (decl.options.default !== undefined) {
        const d = decl.options.default;
        const value = typeof d === "function" ? await (d as (ctx: object) => unknown)({ flowName: inputs.flowName, parameterName: decl.name, user: inputs.user, configs: inputs.configs ?? {} }) : d;
        // A default must have the declared type too (a string default of a number parameter is parsed).
        const inferredFromFunction = typeof d === "function" && decl.options.type === undefined;
        out[decl.field] = value === null || inferredFromFunction ? value : convert(decl.name, type, value);
      } else if (decl.options.required) {
        throw new MetaflowError(ErrorCode.ParameterError, `Parameter '${decl.name}' is required: pass --${decl.name} <${type}> to run.`);
      } else out[decl.field] = null;
    } else {
      const file = given ?? decl.options.default;
      // One rule for paths (as for Configs): written in the flow file -> relative to the flow
      // file; given on the command line or to the Runner -> relative to the working directory.
      const base = given === undefined ? inputs.flowDir : inputs.cwd;
      if (file === undefined) {
        if (decl.options.required) throw new MetaflowError(ErrorCode.ParameterError, `IncludeFile '${decl.name}' is required: pass --${decl.name} <path>.`);
        out[decl.field] = null;
        continue;
      }
      if (typeof file !== "string") throw new MetaflowError(ErrorCode.ParameterError, `IncludeFile '${decl.name}' takes a file path; got ${typeof file}.`);
      const abs = path.resolve(base, file);
      try {
        const bytes = await fs.readFile(abs);
        out[decl.field] = decl.options.isText === false ? new Uint8Array(bytes) : bytes.toString("utf8");
      } catch {
        throw new MetaflowError(ErrorCode.ParameterError, `IncludeFile '${decl.name}': cannot read ${file} (looked in ${abs}${given === undefined ? ": a default is relative to the flow file" : ""}). Pass an existing file with --${decl.name} <path>.`);
      }
    }
  }
  return out;
}

function convert(name: string, type: ParameterType, value: unknown): unknown {
  const bad = (expected: string): MetaflowError =>
    new MetaflowError(ErrorCode.ParameterError, `Parameter '${name}' expects ${expected}; got ${JSON.stringify(value)}.`);
  switch (type) {
    case "string":
      if (typeof value !== "string") throw bad("a string");
      return value;
    case "number": {
      if (typeof value === "number" && Number.isFinite(value)) return value;
      const n = typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
      if (!Number.isFinite(n)) throw bad("a number");
      return n;
    }
    case "boolean": {
      if (typeof value === "boolean") return value;
      const s = typeof value === "string" ? value.toLowerCase() : "";
      if (["true", "1", "yes", "y"].includes(s)) return true;
      if (["false", "0", "no", "n"].includes(s)) return false;
      throw bad("a boolean (true or false)");
    }
    case "json":
      if (typeof value !== "string") return value;
      try {
        return JSON.parse(value) as unknown;
      } catch (e) {
        throw new MetaflowError(ErrorCode.ParameterError, `Parameter '${name}' expects JSON; ${(e as Error).message} in ${JSON.stringify(value)}.`);
      }
    default: {
      const never: never = type;
      return never;
    }
  }
}
