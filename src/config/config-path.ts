/**
 * Paths into a config value (`model.learning_rate`, `settings["a-b"].items[0]`): parsing the
 * text users write in `configExpr(...)` and `--config-override`, and printing a path back.
 * Pure.
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";

/** One step of a path: an object key or an array index. */
export type PathSegment = string | number;

const identifier = /^[A-Za-z_$][\w$]*$/;

/**
 * Parses `name.a.b["c-d"][0]` into `["name", "a", "b", "c-d", 0]`.
 * `what` names the text in errors (e.g. `configExpr("...")`).
 */
export function parsePath(text: string, what: string): PathSegment[] {
  const out: PathSegment[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new MetaflowError(ErrorCode.ConfigError, `${what}: ${why} at character ${i + 1} of ${JSON.stringify(text)}. Write a path like config.model.rate, config["a-b"].c or config.items[0].`);
  };
  const readName = (): void => {
    const m = /^[A-Za-z_$][\w$-]*/.exec(text.slice(i));
    if (m === null) fail("expected a key");
    out.push((m as RegExpExecArray)[0]);
    i += (m as RegExpExecArray)[0].length;
  };
  readName();
  while (i < text.length) {
    const c = text[i];
    if (c === ".") {
      i++;
      readName();
    } else if (c === "[") {
      const rest = text.slice(i);
      const m = /^\[\s*(?:(\d+)|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\]/.exec(rest);
      if (m === null) fail("expected [number] or [\"key\"]");
      const match = m as RegExpExecArray;
      out.push(match[1] !== undefined ? Number(match[1]) : JSON.parse(`"${(match[2] ?? match[3] ?? "").replace(/\\'/g, "'")}"`) as string);
      i += match[0].length;
    } else fail(`unexpected ${JSON.stringify(c)}`);
  }
  return out;
}

/** Prints a path the way a user would write it: `model.rate`, `a["b-c"][0]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let s = "";
  for (const seg of path) {
    if (typeof seg === "number") s += `[${seg}]`;
    else if (identifier.test(seg)) s += s === "" ? seg : `.${seg}`;
    else s += `[${JSON.stringify(seg)}]`;
  }
  return s;
}

/** A stable map key for a path. */
export function pathKey(path: readonly PathSegment[]): string {
  return JSON.stringify(path);
}

/** Whether `v` is a plain object (not an array, Date, Map...). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}
