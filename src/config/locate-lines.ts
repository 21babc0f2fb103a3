/**
 * Line numbers of the keys of a config file, so that `configs` can say where every value came
 * from. YAML (and JSON, a subset of it) from the YAML parser's positions; TOML by a line scan
 * (the TOML parser gives no positions). A leaf without its own line gets its parent's.
 * @module
 */
import type { Document, LineCounter } from "yaml";
import { pathKey, type PathSegment } from "./config-path.js";

/** Gives the line (1-based) of a path, or undefined. */
export type LineLocator = (path: readonly PathSegment[]) => number | undefined;

function locator(lines: ReadonlyMap<string, number>): LineLocator {
  return (path) => {
    for (let n = path.length; n > 0; n--) {
      const line = lines.get(pathKey(path.slice(0, n)));
      if (line !== undefined) return line;
    }
    return undefined;
  };
}

/** Lines of the keys of a parsed YAML document. */
export function yamlLineLocator(doc: Document, counter: LineCounter, yaml: typeof import("yaml")): LineLocator {
  const lines = new Map<string, number>();
  const walk = (node: unknown, at: PathSegment[]): void => {
    if (!yaml.isMap(node)) return;
    for (const pair of node.items) {
      const key = yaml.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const path = [...at, key];
      const start = yaml.isNode(pair.key) ? pair.key.range?.[0] : undefined;
      if (start !== undefined) lines.set(pathKey(path), counter.linePos(start).line);
      walk(pair.value, path);
    }
  };
  walk(doc.contents, []);
  return locator(lines);
}

/** Lines of the keys of a TOML text: `[table]` / `[[array]]` headers and `key = value` lines. */
export function tomlLineLocator(text: string): LineLocator {
  const lines = new Map<string, number>();
  let table: string[] = [];
  let skipUntil: RegExp | undefined;
  let depth = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (skipUntil !== undefined) {
      if (skipUntil.test(line)) skipUntil = undefined;
      return;
    }
    if (depth > 0) {
      depth += bracketBalance(line);
      return;
    }
    if (line === "" || line.startsWith("#")) return;
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?/.exec(line);
    if (header !== null) {
      table = splitDottedKey(header[1] ?? "");
      if (!lines.has(pathKey(table))) lines.set(pathKey(table), i + 1);
      return;
    }
    const kv = /^((?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'))*)\s*=\s*(.*)$/.exec(line);
    if (kv === null) return;
    const path = [...table, ...splitDottedKey(kv[1] ?? "")];
    for (let n = table.length + 1; n <= path.length; n++) if (!lines.has(pathKey(path.slice(0, n)))) lines.set(pathKey(path.slice(0, n)), i + 1);
    const value = kv[2] ?? "";
    for (const quote of ['"""', "'''"]) {
      if (value.startsWith(quote) && value.indexOf(quote, 3) < 0) skipUntil = new RegExp(quote.replace(/"/g, '"'));
    }
    if (skipUntil === undefined && (value.startsWith("[") || value.startsWith("{"))) depth = Math.max(0, bracketBalance(value));
  });
  return locator(lines);
}

function splitDottedKey(text: string): string[] {
  const out: string[] = [];
  const re = /\s*(?:([A-Za-z0-9_-]+)|"((?:[^"\\]|\\.)*)"|'([^']*)')\s*(?:\.|$)/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text)) !== null) {
    out.push(m[1] ?? (m[2] !== undefined ? (JSON.parse(`"${m[2]}"`) as string) : (m[3] ?? "")));
  }
  return out;
}

/** Opening minus closing brackets outside strings and comments. */
function bracketBalance(line: string): number {
  let n = 0;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== undefined) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#") break;
    else if (c === "[" || c === "{") n++;
    else if (c === "]" || c === "}") n--;
  }
  return n;
}
