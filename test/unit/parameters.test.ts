/** resolveParameters: conversion, defaults, required, unknown names, included files. */
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { MetaflowError } from "../../src/errors.js";
import { declarationsOf } from "../../src/flow/flow-class.js";
import { IncludeFile } from "../../src/flow/include-file.js";
import { Parameter, type ParameterContext } from "../../src/flow/parameter.js";
import { resolveParameters, type ParameterInputs } from "../../src/scheduler/parameters.js";

let cwd: string;
before(async () => {
  cwd = await fs.mkdtemp(path.join(os.tmpdir(), "mf-params-"));
  await fs.writeFile(path.join(cwd, "notes.txt"), "héllo\nworld\n");
  await fs.writeFile(path.join(cwd, "blob.bin"), Buffer.from([0, 255, 10, 13]));
  await fs.mkdir(path.join(cwd, "sub"));
  await fs.writeFile(path.join(cwd, "sub", "inner.txt"), "inner");
  await fs.mkdir(path.join(cwd, "flow-dir"));
  await fs.writeFile(path.join(cwd, "flow-dir", "beside-flow.txt"), "beside the flow");
});
after(async () => {
  await fs.rm(cwd, { recursive: true, force: true });
});

const inputs = (values: Record<string, unknown> = {}): ParameterInputs => ({ values, flowName: "ParamFlow", user: "alice", cwd, flowDir: path.join(cwd, "flow-dir") });
const resolve = (fields: Record<string, unknown>, values: Record<string, unknown> = {}) => resolveParameters(declarationsOf(fields), inputs(values));

function paramError(...parts: (string | RegExp)[]) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof MetaflowError, String(e));
    assert.equal(e.code, "PARAMETER_ERROR");
    for (const p of parts) {
      if (typeof p === "string") assert.ok(e.message.includes(p), `expected ${JSON.stringify(p)} in: ${e.message}`);
      else assert.match(e.message, p);
    }
    return true;
  };
}

describe("declarationsOf", () => {
  test("picks Parameter and IncludeFile fields with their field names, skips other fields", () => {
    const decls = declarationsOf({
      alpha: Parameter("alpha", { default: 1 }),
      plain: 3,
      obj: { kind: "parameter", name: "fake", options: {} }, // not tagged: ignored
      file: IncludeFile("the-file"),
    });
    assert.deepEqual(decls.map((d) => [d.field, d.kind, d.name]), [["alpha", "parameter", "alpha"], ["file", "include-file", "the-file"]]);
  });
});

describe("resolveParameters: types", () => {
  test("number from '3.5', inferred from a number default", async () => {
    assert.deepEqual(await resolve({ alpha: Parameter("alpha", { default: 1 }) }, { alpha: "3.5" }), { alpha: 3.5 });
    assert.deepEqual(await resolve({ alpha: Parameter("alpha", { default: 1 }) }, { alpha: " -2e3 " }), { alpha: -2000 });
    assert.deepEqual(await resolve({ alpha: Parameter("alpha", { type: "number" }) }, { alpha: 7 }), { alpha: 7 });
  });

  test("number: bad values name the parameter and the value", async () => {
    const alpha = () => ({ alpha: Parameter("alpha", { default: 1 }) });
    await assert.rejects(resolve(alpha(), { alpha: "abc" }), paramError("Parameter 'alpha'", "a number", '"abc"'));
    await assert.rejects(resolve(alpha(), { alpha: "" }), paramError("'alpha'", 'got ""'));
    await assert.rejects(resolve(alpha(), { alpha: "   " }), paramError("'alpha'", "a number"));
    await assert.rejects(resolve(alpha(), { alpha: "Infinity" }), paramError("'alpha'", "a number"));
    await assert.rejects(resolve(alpha(), { alpha: Number.NaN }), paramError("'alpha'", "a number"));
    await assert.rejects(resolve(alpha(), { alpha: true }), paramError("'alpha'", "got true"));
  });

  test("boolean from 'true'/'no' and friends, case-insensitive", async () => {
    const flag = () => ({ flag: Parameter("flag", { default: false }) });
    for (const [text, want] of [["true", true], ["TRUE", true], ["1", true], ["yes", true], ["Y", true], ["false", false], ["no", false], ["0", false], ["N", false]] as const) {
      assert.deepEqual(await resolve(flag(), { flag: text }), { flag: want }, text);
    }
    assert.deepEqual(await resolve(flag(), { flag: true }), { flag: true });
    await assert.rejects(resolve(flag(), { flag: "maybe" }), paramError("Parameter 'flag'", "a boolean", '"maybe"'));
    await assert.rejects(resolve(flag(), { flag: 1 }), paramError("'flag'", "a boolean"));
  });

  test("string: default type; a non-string value is refused", async () => {
    assert.deepEqual(await resolve({ name: Parameter("name") }, { name: "bob" }), { name: "bob" });
    assert.deepEqual(await resolve({ name: Parameter("name") }, { name: "" }), { name: "" });
    await assert.rejects(resolve({ name: Parameter("name") }, { name: 5 }), paramError("Parameter 'name'", "a string", "got 5"));
  });

  test("json: parsed from text, typed values pass through, bad JSON names parameter and text", async () => {
    const cfg = () => ({ cfg: Parameter("cfg", { default: { a: 1 } }) }); // object default => json
    assert.deepEqual(await resolve(cfg(), { cfg: '{"a":2,"b":[true,null]}' }), { cfg: { a: 2, b: [true, null] } });
    assert.deepEqual(await resolve(cfg(), { cfg: { typed: 1 } }), { cfg: { typed: 1 } });
    assert.deepEqual(await resolve({ j: Parameter("j", { type: "json" }) }, { j: "3" }), { j: 3 });
    await assert.rejects(resolve(cfg(), { cfg: "{not json" }), paramError("Parameter 'cfg'", "expects JSON", '"{not json"'));
  });

  test("field name and parameter name can differ: values are keyed by name, results by field", async () => {
    assert.deepEqual(await resolve({ learningRate: Parameter("learning-rate", { default: 0.1 }) }, { "learning-rate": "0.5" }), { learningRate: 0.5 });
  });
});

describe("resolveParameters: defaults and required", () => {
  test("defaults used when no value is given; no default and not required -> null", async () => {
    assert.deepEqual(await resolve({ a: Parameter("a", { default: 1 }), b: Parameter("b", { default: "x" }), c: Parameter("c") }), { a: 1, b: "x", c: null });
  });

  test("function default receives {flowName, parameterName, user, configs}; async functions are awaited", async () => {
    const seen: ParameterContext[] = [];
    const out = await resolve({
      s: Parameter("s-name", { default: (ctx: ParameterContext) => (seen.push(ctx), `${ctx.user}@${ctx.flowName}`) }),
      n: Parameter("n", { type: "number", default: async () => 42 }),
    });
    assert.deepEqual(out, { s: "alice@ParamFlow", n: 42 });
    assert.deepEqual(seen, [{ flowName: "ParamFlow", parameterName: "s-name", user: "alice", configs: {} }]);
  });

  test("a given value wins over a function default (which is not called)", async () => {
    let called = false;
    const out = await resolve({ s: Parameter("s", { default: () => ((called = true), "d") }) }, { s: "given" });
    assert.deepEqual(out, { s: "given" });
    assert.equal(called, false);
  });

  test("required and missing -> PARAMETER_ERROR naming the parameter and the flag", async () => {
    await assert.rejects(resolve({ n: Parameter("count", { type: "number", required: true }) }), paramError("Parameter 'count' is required", "--count <number>"));
  });

  test("required with a value resolves", async () => {
    assert.deepEqual(await resolve({ n: Parameter("count", { type: "number", required: true }) }, { count: "2" }), { n: 2 });
  });

  test("unknown parameter lists the known ones", async () => {
    await assert.rejects(
      resolve({ a: Parameter("alpha", { default: 1 }), f: IncludeFile("data") }, { alhpa: "2" }),
      paramError("Unknown parameter 'alhpa' for ParamFlow", "The flow's parameters are: alpha, data."),
    );
  });

  test("several unknown parameters, and a flow with none", async () => {
    await assert.rejects(resolve({ a: Parameter("alpha") }, { x: 1, y: 2 }), paramError("Unknown parameters 'x', 'y'"));
    await assert.rejects(resolve({}, { x: 1 }), paramError("The flow declares no parameters."));
  });
});

describe("resolveParameters: IncludeFile", () => {
  test("text (default) is read as UTF-8, relative to cwd", async () => {
    assert.deepEqual(await resolve({ notes: IncludeFile("notes") }, { notes: "notes.txt" }), { notes: "héllo\nworld\n" });
    assert.deepEqual(await resolve({ notes: IncludeFile("notes") }, { notes: "sub/inner.txt" }), { notes: "inner" });
    assert.deepEqual(await resolve({ notes: IncludeFile("notes") }, { notes: path.join(cwd, "notes.txt") }), { notes: "héllo\nworld\n" });
  });

  test("isText: false gives a plain Uint8Array of the file's bytes", async () => {
    const out = await resolve({ blob: IncludeFile("blob", { isText: false }) }, { blob: "blob.bin" });
    const v = out.blob as Uint8Array;
    assert.equal(v.constructor, Uint8Array);
    assert.deepEqual(Array.from(v), [0, 255, 10, 13]);
  });

  test("default path used when not given, relative to the flow file's folder; none and not required -> null", async () => {
    assert.deepEqual(await resolve({ f: IncludeFile("f", { default: "./beside-flow.txt" }) }), { f: "beside the flow" });
    assert.deepEqual(await resolve({ f: IncludeFile("f", { default: "../sub/inner.txt" }) }), { f: "inner" });
    await assert.rejects(resolve({ f: IncludeFile("f", { default: "notes.txt" }) }), paramError("cannot read notes.txt", path.join(cwd, "flow-dir", "notes.txt"), "relative to the flow file"));
    assert.deepEqual(await resolve({ f: IncludeFile("f") }), { f: null });
  });

  test("missing file -> PARAMETER_ERROR naming the include, the given path and the absolute path", async () => {
    await assert.rejects(
      resolve({ f: IncludeFile("data") }, { data: "nope.csv" }),
      paramError("IncludeFile 'data'", "cannot read nope.csv", path.join(cwd, "nope.csv"), "--data <path>"),
    );
  });

  test("a folder is not a readable file", async () => {
    await assert.rejects(resolve({ f: IncludeFile("data") }, { data: "sub" }), paramError("IncludeFile 'data': cannot read sub"));
  });

  test("required include missing, and a non-string value", async () => {
    await assert.rejects(resolve({ f: IncludeFile("data", { required: true }) }), paramError("IncludeFile 'data' is required"));
    await assert.rejects(resolve({ f: IncludeFile("data") }, { data: 5 }), paramError("IncludeFile 'data' takes a file path; got number"));
  });
});
