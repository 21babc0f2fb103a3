/**
 * The small part of Argo's expression and templating languages the executor double needs:
 * `{{a.b.c}}` substitution, `when` conditions (`'x' == 'y'`, `!=`), `depends` (`a.Succeeded && b`),
 * and `valueFrom.expression` (`cond ? value : value` chains over `tasks['x'].status`,
 * `tasks['x'].outputs.parameters['p']`, `inputs.parameters['p']` and string literals).
 * Anything else throws, so a compiler that starts using more of Argo fails the tests loudly.
 * @module
 */

/** Replaces every `{{name}}` by `scope[name]`; an unknown name throws (Argo fails such a workflow). */
export function substitute(text: string, scope: ReadonlyMap<string, string>): string {
  return text.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (_, name: string) => {
    const v = scope.get(name);
    if (v === undefined) throw new Error(`unresolved reference {{${name}}}`);
    return v;
  });
}

/** Evaluates a substituted `when`: `'a' == 'b'` or `'a' != 'b'` (quotes optional). */
export function evaluateWhen(text: string): boolean {
  const m = /^\s*'?([^'=!]*?)'?\s*(==|!=)\s*'?([^'=!]*?)'?\s*$/.exec(text);
  if (m === null) throw new Error(`unsupported when: ${text}`);
  return m[2] === "==" ? m[1] === m[3] : m[1] !== m[3];
}

/** Evaluates `depends` (`a.Succeeded && b.Succeeded`, `||`, a bare task name) over task phases. */
export function evaluateDepends(text: string, phase: (task: string) => string): boolean {
  return text.split("||").some((alt) =>
    alt.split("&&").every((term) => {
      const [task, want] = term.trim().split(".") as [string, string | undefined];
      const p = phase(task);
      return want === undefined ? p === "Succeeded" || p === "Skipped" : p === want;
    }),
  );
}

/** Tasks named in a `depends` expression. */
export function dependsTasks(text: string): string[] {
  return [...new Set(text.split(/\|\||&&/).map((t) => (t.trim().split(".")[0] as string).replace(/[()!]/g, "")))];
}

/** Evaluates a `valueFrom.expression`; `lookup` resolves a dotted path like `tasks.x.status`. */
export function evaluateExpression(text: string, lookup: (path: string) => string | undefined): string {
  const tokens = text.match(/'[^']*'|\?|:|==|!=|[A-Za-z_][\w-]*(?:(?:\.[A-Za-z_][\w-]*)|(?:\['[^']*'\]))*/g) ?? [];
  if (tokens.join("").replace(/\s/g, "") !== text.replace(/\s/g, "")) throw new Error(`unsupported expression: ${text}`);
  let i = 0;
  const value = (): string => {
    const t = tokens[i++];
    if (t === undefined) throw new Error(`expression ends early: ${text}`);
    if (t.startsWith("'")) return t.slice(1, -1);
    const path = t.replace(/\['([^']*)'\]/g, ".$1");
    const v = lookup(path);
    if (v === undefined) throw new Error(`expression refers to ${path}, which is not set`);
    return v;
  };
  const expr = (): string => {
    const start = i;
    const left = (): string => {
      i = start;
      return value();
    };
    // cond ? a : b  where cond is `x == y` or `x != y`
    if (tokens[i + 1] === "==" || tokens[i + 1] === "!=") {
      const a = tokenValue(start);
      const op = tokens[start + 1];
      const b = tokenValue(start + 2);
      i = start + 3;
      if (tokens[i++] !== "?") throw new Error(`expected ? in ${text}`);
      const truthy = op === "==" ? a() === b() : a() !== b();
      const then = i;
      skipValue();
      if (tokens[i++] !== ":") throw new Error(`expected : in ${text}`);
      if (truthy) {
        i = then;
        return value();
      }
      return expr();
    }
    return left();
  };
  const tokenValue = (at: number) => (): string => {
    const save = i;
    i = at;
    const v = value();
    i = save;
    return v;
  };
  const skipValue = (): void => {
    i++;
  };
  const out = expr();
  return out;
}
