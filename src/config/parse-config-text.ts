/**
 * Parses config text as TOML, YAML or JSON. The parsers are imported only when a config needs
 * them (never in a task). A syntax error names file:line:column and shows the offending line.
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import { tomlLineLocator, yamlLineLocator, type LineLocator } from "./locate-lines.js";

/** The built-in formats. */
export type ConfigFormat = "toml" | "yaml" | "json";

/** A parsed text, with the line of each key when the format gives it. */
export interface ParsedText {
  readonly value: unknown;
  readonly lineOf?: LineLocator;
}

/** Whether a parser name is a built-in format. */
export function isConfigFormat(name: unknown): name is ConfigFormat {
  return name === "toml" || name === "yaml" || name === "json";
}

/** The format of a file from its extension. */
export function formatOfFile(file: string): ConfigFormat | undefined {
  const ext = /\.([A-Za-z]+)$/.exec(file)?.[1]?.toLowerCase();
  switch (ext) {
    case "toml":
      return "toml";
    case "yaml":
    case "yml":
      return "yaml";
    case "json":
      return "json";
    default:
      return undefined;
  }
}

/** Parses `text` (read from `file`, as shown to the user) in `format`. */
export async function parseConfigText(text: string, format: ConfigFormat, file: string): Promise<ParsedText> {
  switch (format) {
    case "toml":
      return parseToml(text, file);
    case "yaml":
      return parseYaml(text, file);
    case "json":
      return parseJson(text, file);
    default: {
      const never: never = format;
      return never;
    }
  }
}

async function parseToml(text: string, file: string): Promise<ParsedText> {
  const toml = await import("smol-toml");
  try {
    return { value: toml.parse(text), lineOf: tomlLineLocator(text) };
  } catch (e) {
    if (!(e instanceof toml.TomlError)) throw e;
    throw syntaxError("TOML", file, text, e.line, e.column, e.message.split("\n")[0] ?? e.message, e);
  }
}

async function parseYaml(text: string, file: string): Promise<ParsedText> {
  const yaml = await import("yaml");
  const counter = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const error = doc.errors[0];
  if (error !== undefined) {
    const pos = counter.linePos(error.pos[0]);
    throw syntaxError("YAML", file, text, pos.line, pos.col, error.message.replace(/ at line \d+, column \d+[\s\S]*$/, ""), error);
  }
  return { value: doc.toJS({ maxAliasCount: 1000 }), lineOf: yamlLineLocator(doc, counter, yaml) };
}

async function parseJson(text: string, file: string): Promise<ParsedText> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const offset = jsonErrorOffset(text, message);
    const { line, column } = lineColumnOf(text, offset);
    throw syntaxError("JSON", file, text, line, column, message.replace(/,? ".*" is not valid JSON$/s, "").replace(/ in JSON at position \d+.*$/s, ""), e);
  }
  // Line numbers come from the YAML parser (JSON is YAML); only for showing sources.
  const yaml = await import("yaml");
  const counter = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { lineCounter: counter });
  return { value, ...(doc.errors.length === 0 ? { lineOf: yamlLineLocator(doc, counter, yaml) } : {}) };
}

/** Where a JSON.parse error is: its "position N", else the first unexpected token outside strings, else the end. */
function jsonErrorOffset(text: string, message: string): number {
  const pos = /position (\d+)/.exec(message);
  if (pos !== null) return Number(pos[1]);
  const token = /Unexpected token '(.)'/.exec(message)?.[1];
  if (token !== undefined) {
    let inString = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === token) return i;
    }
  }
  return text.length;
}

function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split(/\r?\n/);
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

/** A syntax error at file:line:column, showing the line and a caret under the column. */
export function syntaxError(format: string, file: string, text: string, line: number, column: number, message: string, cause: unknown): MetaflowError {
  const lineText = text.split(/\r?\n/)[line - 1] ?? "";
  const gutter = `${line} | `;
  return new MetaflowError(
    ErrorCode.ConfigError,
    `${format} syntax error in ${file}:${line}:${column}: ${message.trim()}\n    ${gutter}${lineText}\n    ${" ".repeat(gutter.length + Math.max(0, column - 1))}^\nFix the file, or point --config at another one.`,
    { source: { file, line, column }, cause },
  );
}
