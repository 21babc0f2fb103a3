/** Parsing config text: values, key lines for provenance, and syntax errors at file:line:column. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatOfFile, parseConfigText } from "../../src/config/parse-config-text.js";
import { tomlLineLocator } from "../../src/config/locate-lines.js";

test("formats come from extensions", () => {
  assert.equal(formatOfFile("a/b.TOML"), "toml");
  assert.equal(formatOfFile("x.yml"), "yaml");
  assert.equal(formatOfFile("x.json"), "json");
  assert.equal(formatOfFile("x.ini"), undefined);
});

test("TOML key lines: tables, dotted keys, multi-line values", () => {
  const text = ['title = "t"', "", "[model]", "rate = 0.5", 'names = [', '  "a = b",', "]", 'doc = """', "x = 1", '"""', "opt.deep = 2", "", "[server.http]", "port = 80"].join("\n");
  const lineOf = tomlLineLocator(text);
  assert.equal(lineOf(["title"]), 1);
  assert.equal(lineOf(["model", "rate"]), 4);
  assert.equal(lineOf(["model", "names"]), 5);
  assert.equal(lineOf(["model", "doc"]), 8);
  assert.equal(lineOf(["model", "x"]), 3, "a line inside a multi-line string is not a key");
  assert.equal(lineOf(["model", "opt", "deep"]), 11);
  assert.equal(lineOf(["server", "http", "port"]), 14);
});

test("YAML and JSON give key lines", async () => {
  const y = await parseConfigText("a:\n  b: 1\n  c: [1, 2]\nd: x\n", "yaml", "f.yaml");
  assert.deepEqual(y.value, { a: { b: 1, c: [1, 2] }, d: "x" });
  assert.equal(y.lineOf?.(["a", "c"]), 3);
  assert.equal(y.lineOf?.(["d"]), 4);
  const j = await parseConfigText('{\n  "a": {\n    "b": 1\n  }\n}', "json", "f.json");
  assert.equal(j.lineOf?.(["a", "b"]), 3);
});

test("syntax errors: file:line:column, the line, a caret", async () => {
  await assert.rejects(parseConfigText('a = 1\nb = "x\n', "toml", "c.toml"), (e: Error & { source?: { line: number } }) => {
    assert.match(e.message, /TOML syntax error in c\.toml:2:\d+/);
    assert.match(e.message, /2 \| b = "x/);
    assert.equal(e.source?.line, 2);
    return true;
  });
  await assert.rejects(parseConfigText("a: [1, 2\nb: 3\n", "yaml", "c.yaml"), /YAML syntax error in c\.yaml:2:1[\s\S]*2 \| b: 3/);
  await assert.rejects(parseConfigText('{\n  "a": 1,\n  "b": oops\n}', "json", "c.json"), /JSON syntax error in c\.json:3:8[\s\S]*3 \|   "b": oops\n\s+\^/);
});
