/**
 * Resolves one config: picks its sources (command line, then environment, then the flow's
 * default), reads and parses each layer, deep-merges them, applies overrides and validates the
 * result with the schema. Every value keeps the source it came from.
 * @module
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { displayPath, ErrorCode, MetaflowError } from "../errors.js";
import type { ConfigContext, ConfigFieldDeclaration, ConfigParserFunction } from "./config-declaration.js";
import { configEnvVars, howToSupply, splitEnvFiles } from "./config-inputs.js";
import { applyOverrides, type ConfigOverride } from "./config-overrides.js";
import { isPlainObject } from "./config-path.js";
import { mergeLayers } from "./deep-merge.js";
import { resolveNamedParser } from "./named-parser.js";
import { formatOfFile, isConfigFormat, parseConfigText, type ParsedText } from "./parse-config-text.js";
import { provenanceOf, type Provenance, type Sourced, type ValueSource } from "./provenance.js";
import { validateConfig } from "./validate-schema.js";

/** A config with its value and where each part of it came from. */
export interface ResolvedConfig {
  readonly name: string;
  readonly field: string;
  /** The value as stored with the run (validated; the schema's output). null when absent and not required. */
  readonly value: unknown;
  /** The layers, in merge order (files as shown to the user, or where a value came from). */
  readonly layers: readonly string[];
  readonly provenance: Provenance;
  readonly plain: boolean;
  readonly help?: string;
}

/** What resolving needs to know about the flow and the process. */
export interface ConfigResolveScope {
  readonly cwd: string;
  /** The flow file (absolute). */
  readonly flowFile: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The flow's code package module, for parsers named by an export of the flow file. */
  readonly modulePath?: string;
  readonly context: (configName: string) => ConfigContext;
}

/** What the command line gives for one config. */
export interface GivenConfig {
  readonly files: readonly string[];
  readonly value?: string | object;
  readonly overrides: readonly ConfigOverride[];
}

/** Resolves `decl` from what was given and its defaults. */
export async function resolveConfig(decl: ConfigFieldDeclaration, given: GivenConfig, scope: ConfigResolveScope): Promise<ResolvedConfig> {
  const name = decl.name;
  if (given.files.length > 0 && given.value !== undefined) {
    throw new MetaflowError(ErrorCode.UsageError, `Config '${name}' was given both --config (a file) and --config-value (a value); give one of them.`);
  }
  const layers = await readLayers(decl, given, scope);
  const merged = applyOverrides(mergeLayers(layers.map((l) => l.sourced)), given.overrides);
  const base = { name, field: decl.field, layers: layers.map((l) => l.label), plain: decl.options.plain === true, ...(decl.options.help === undefined ? {} : { help: decl.options.help }) };
  if (layers.length === 0 && given.overrides.length === 0) {
    if (decl.options.required) throw new MetaflowError(ErrorCode.ConfigError, `Config '${name}' is required but has no value: ${howToSupply(name)}.`);
    return { ...base, value: null, provenance: new Map() };
  }
  if (!decl.options.plain && !isPlainObject(merged.value)) {
    throw new MetaflowError(
      ErrorCode.ConfigError,
      `Config '${name}' (from ${base.layers.join(" + ")}) is ${Array.isArray(merged.value) ? "an array" : merged.value === null ? "null" : `a ${typeof merged.value}`}, not an object of keys. Make the file a table/mapping/object, or declare the config with plain: true to keep any value.`,
    );
  }
  const schema = decl.options.schema as StandardSchemaV1 | undefined;
  const value = schema === undefined ? merged.value : await validateConfig(name, schema, merged.value, merged.provenance, base.layers);
  return { ...base, value, provenance: merged.provenance };
}

interface Layer {
  readonly label: string;
  readonly sourced: Sourced;
}

async function readLayers(decl: ConfigFieldDeclaration, given: GivenConfig, scope: ConfigResolveScope): Promise<Layer[]> {
  const name = decl.name;
  const vars = configEnvVars(name);
  if (given.files.length > 0) return Promise.all(given.files.map((f) => readFileLayer(decl, path.resolve(scope.cwd, f), scope, `--config ${name} ${f}`)));
  if (given.value !== undefined) return [await valueLayer(decl, given.value, "--config-value", scope, "json")];
  const envFiles = scope.env[vars.files];
  if (envFiles !== undefined && envFiles.trim() !== "") {
    return Promise.all(splitEnvFiles(envFiles).map((f) => readFileLayer(decl, path.resolve(scope.cwd, f), scope, `${vars.files}=${envFiles}`)));
  }
  const envValue = scope.env[vars.value];
  if (envValue !== undefined && envValue.trim() !== "") return [await valueLayer(decl, envValue, `$${vars.value}`, scope, "json")];
  const ctx = scope.context(name);
  const { default: def, defaultValue } = decl.options;
  if (def !== undefined) {
    const files = typeof def === "function" ? await callDefault(name, "default", () => def(ctx)) : def;
    const list = typeof files === "string" ? [files] : Array.isArray(files) ? (files as string[]) : undefined;
    if (list === undefined || list.some((f) => typeof f !== "string")) {
      throw new MetaflowError(ErrorCode.ConfigError, `Config '${name}': default must give a file path or a list of them; got ${JSON.stringify(files)}.`);
    }
    return Promise.all(list.map((f) => readFileLayer(decl, path.resolve(path.dirname(scope.flowFile), f), scope, `default of Config '${name}' (${f})`)));
  }
  if (defaultValue !== undefined) {
    const v = typeof defaultValue === "function" ? await callDefault(name, "defaultValue", () => defaultValue(ctx)) : defaultValue;
    if (v === undefined || v === null) return [];
    return [await valueLayer(decl, v as string | object, "defaultValue", scope, decl.options.parser === undefined ? "json" : undefined)];
  }
  return [];
}

async function callDefault<T>(name: string, what: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof MetaflowError) throw e;
    throw new MetaflowError(ErrorCode.ConfigError, `Config '${name}': its ${what} function threw: ${(e as Error)?.message ?? String(e)}`, { cause: e });
  }
}

async function readFileLayer(decl: ConfigFieldDeclaration, abs: string, scope: ConfigResolveScope, origin: string): Promise<Layer> {
  const display = displayPath(abs, scope.cwd);
  let text: string;
  try {
    text = await fs.readFile(abs, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new MetaflowError(
      ErrorCode.ConfigError,
      `Config '${decl.name}': cannot read ${display} (${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : code}; from ${origin}; looked in ${abs}). ` +
        `Create the file or fix the path; or ${howToSupply(decl.name)}.`,
    );
  }
  const parsed = await parseLayer(decl, text, display, scope, formatOfFile(abs));
  const source: ValueSource = { kind: "file", file: display };
  return { label: display, sourced: { value: parsed.value, provenance: provenanceOf(parsed.value, source, parsed.lineOf) } };
}

async function valueLayer(decl: ConfigFieldDeclaration, value: string | object, origin: string, scope: ConfigResolveScope, fallback: "json" | undefined): Promise<Layer> {
  const parsed = typeof value === "string" ? (await parseLayer(decl, value, origin, scope, fallback)).value : structuredClone(value);
  return { label: origin, sourced: { value: parsed, provenance: provenanceOf(parsed, { kind: "value", origin }) } };
}

/** Parses one text with the config's parser (or the format of its file, or `fallback`). */
async function parseLayer(decl: ConfigFieldDeclaration, text: string, where: string, scope: ConfigResolveScope, fallback: "toml" | "yaml" | "json" | undefined): Promise<ParsedText> {
  const parser = decl.options.parser ?? fallback;
  if (parser === undefined) {
    throw new MetaflowError(ErrorCode.ConfigError, `Config '${decl.name}': cannot tell the format of ${where}. Name the file .toml, .yaml/.yml or .json, or set parser: "toml" | "yaml" | "json" (or a function) on the Config.`);
  }
  if (isConfigFormat(parser)) return parseConfigText(text, parser, where);
  const fn: ConfigParserFunction = typeof parser === "function" ? parser : await resolveNamedParser(parser, decl.name, { flowFile: scope.flowFile, ...(scope.modulePath ? { modulePath: scope.modulePath } : {}) });
  try {
    return { value: await fn(text, { configName: decl.name, file: where }) };
  } catch (e) {
    if (e instanceof MetaflowError) throw e;
    throw new MetaflowError(ErrorCode.ConfigError, `Config '${decl.name}': the parser${typeof parser === "string" ? ` "${parser}"` : ""} failed on ${where}: ${(e as Error)?.message ?? String(e)}`, { cause: e });
  }
}

