/**
 * Core tests of a flow's inputs (Metaflow's basic_parameters, constants, param_names,
 * dynamic_parameters, basic_include, basic_config_parameters), as TypeScript: parameters,
 * included files and configs reach every step, read-only, and are stored as artifacts.
 * @module
 */
import assert from "node:assert/strict";
import type { CoreTest } from "./core-test.js";
import { switchGraphs } from "./core-test.js";

/** Throws unless assigning `field` throws (parameters, included files and configs are read-only). */
const readOnly = (field: string, value: string): string => `assertThrows(() => { this.${field} = ${value}; });`;

/** Parameters of each type, a default from the environment (METAFLOW_RUN_<NAME>), read-only in every step. */
const basicParameter: CoreTest = {
  name: "BasicParameterTest",
  priority: 1,
  skipGraphs: switchGraphs,
  // Metaflow's HEADER sets these in the flow module: the CLI reads them when it parses the options.
  prelude: ['process.env["METAFLOW_RUN_NO_DEFAULT_PARAM"] = "test_str";', 'process.env["METAFLOW_RUN_BOOL_PARAM"] = "False";'],
  members: [
    'no_default_param = Parameter("no_default_param");',
    'bool_param = Parameter("bool_param", { default: true });',
    'bool_true_param = Parameter("bool_true_param", { default: true });',
    'int_param = Parameter("int_param", { default: 123 });',
    'str_param = Parameter("str_param", { default: "foobar" });',
    // Metaflow's `separator=","` list parameter: a JSON list here.
    'list_param = Parameter("list_param", { default: ["a", "b", "c"] });',
    'json_param = Parameter("json_param", { default: \'{"a": [1,2,3]}\', type: "json" });',
  ],
  steps: [
    {
      prio: 0,
      quals: ["all"],
      code: [
        'assertEquals("test_str", this.no_default_param);',
        "assertEquals(false, this.bool_param);",
        "assertEquals(true, this.bool_true_param);",
        "assertEquals(123, this.int_param);",
        'assertEquals("foobar", this.str_param);',
        'assertEquals(["a", "b", "c"], this.list_param);',
        "assertEquals({ a: [1, 2, 3] }, this.json_param);",
        readOnly("int_param", "5"),
      ],
    },
  ],
  async check(c) {
    for (const step of await c.steps()) {
      await c.assertArtifact(step, "no_default_param", "test_str");
      await c.assertArtifact(step, "bool_param", false);
      await c.assertArtifact(step, "bool_true_param", true);
      await c.assertArtifact(step, "int_param", 123);
      await c.assertArtifact(step, "str_param", "foobar");
      await c.assertArtifact(step, "list_param", ["a", "b", "c"]);
      await c.assertArtifact(step, "json_param", { a: [1, 2, 3] });
    }
  },
};

/** Fields set in the class body reach every step; only declared parameters are parameters. */
const constants: CoreTest = {
  name: "ConstantsTest",
  priority: 0,
  skipGraphs: switchGraphs,
  members: [
    'str_const = "this is a constant";',
    "int_const = 123;",
    "obj_const: unknown[] = [];",
    'int_param = Parameter("int_param", { default: 456 });',
    'str_param = Parameter("str_param", { default: "foobar" });',
  ],
  steps: [
    {
      prio: 0,
      quals: ["all"],
      code: [
        'assertEquals("this is a constant", this.str_const);',
        "assertEquals(123, this.int_const);",
        "assertEquals([], this.obj_const);",
        "assertEquals(456, this.int_param);",
        'assertEquals("foobar", this.str_param);',
        'assertEquals(["int_param", "str_param"], [...current.parameterNames].sort());',
        readOnly("int_param", "5"),
        // Metaflow's class attributes are read-only too; a TypeScript class field is an ordinary
        // (writable) instance field: `readonly` is a compile-time promise. Not checked here.
      ],
    },
  ],
  async check(c) {
    for (const step of await c.steps()) {
      await c.assertArtifact(step, "int_param", 456);
      await c.assertArtifact(step, "int_const", 123);
    }
  },
};

/** `current.parameterNames` lists the flow's parameters. */
const parameterName: CoreTest = {
  name: "ParameterNameTest",
  priority: 1,
  skipGraphs: switchGraphs,
  members: ['foo = Parameter("foo", { default: 1 });'],
  steps: [{ prio: 0, quals: ["all"], code: ['assertEquals(["foo"], current.parameterNames);'] }],
};

/** Function defaults: called once, with the context; a JSON default from a function; an env override of a function default. */
const dynamicParameter: CoreTest = {
  name: "DynamicParameterTest",
  priority: 3,
  skipGraphs: switchGraphs,
  prelude: [
    'import { project } from "metaflow-ts";',
    'import { existsSync, writeFileSync } from "node:fs";',
    'process.env["METAFLOW_RUN_NONDEFAULT_PARAM"] = "False";',
    "function strFunc(ctx: { parameterName: string; flowName: string; user: string }): string {",
    '  assertEquals("str_param", ctx.parameterName);',
    '  assertEquals("DynamicParameterTestFlow", ctx.flowName);',
    '  assertEquals(process.env["METAFLOW_USER"], ctx.user);',
    // The run's working directory is the pair's own: a second call would find the file.
    '  if (existsSync("str_func.only_once")) throw new Error("Dynamic parameter function invoked multiple times!");',
    '  writeFileSync("str_func.only_once", "foo");',
    '  return "does this work?";',
    "}",
    "const jsonFunc = (): string => JSON.stringify({ a: [8] });",
  ],
  flowDecorators: ['project({ name: "dynamic_parameters_project" })'],
  members: [
    'str_param = Parameter("str_param", { default: strFunc });',
    'json_param = Parameter("json_param", { default: jsonFunc, type: "json" });',
    'nondefault_param = Parameter("nondefault_param", { default: () => true, type: "boolean" });',
  ],
  steps: [
    {
      prio: 0,
      quals: ["singleton"],
      required: true,
      code: ['assertEquals("does this work?", this.str_param);', "assertEquals(false, this.nondefault_param);", "assertEquals({ a: [8] }, this.json_param);"],
    },
    { prio: 1, quals: ["all"], code: [] },
  ],
  async check(c) {
    for (const step of await c.steps()) {
      await c.assertArtifact(step, "nondefault_param", false);
      await c.assertArtifact(step, "str_param", "does this work?");
      await c.assertArtifact(step, "json_param", { a: [8] });
    }
  },
};

/** Files made in the run's working directory by the flow module (Metaflow's HEADER writes them likewise). */
const includeFiles = [
  'import { writeFileSync } from "node:fs";',
  'import { join } from "node:path";',
  "const here = (f: string): string => join(process.cwd(), f);",
  'writeFileSync(here("reg.txt"), "Regular Text File");',
  'writeFileSync(here("utf8.txt"), "UTF Text File \\u5e74");',
  'writeFileSync(here("override.txt"), "Override Text File");',
  'process.env["METAFLOW_RUN_MYFILE_OVERRIDEN"] = here("override.txt");',
];

const utf8Bytes = [...Buffer.from("UTF Text File \u5e74", "utf8")];

/** IncludeFile: text, UTF-8, binary, overridden from the environment, absent; read-only. */
const basicInclude: CoreTest = {
  name: "BasicIncludeTest",
  priority: 1,
  skipGraphs: switchGraphs,
  prelude: includeFiles,
  members: [
    'myfile_txt = IncludeFile("myfile_txt", { default: here("reg.txt") });',
    'myfile_utf8 = IncludeFile("myfile_utf8", { default: here("utf8.txt") });',
    'myfile_binary = IncludeFile("myfile_binary", { default: here("utf8.txt"), isText: false });',
    'myfile_overriden = IncludeFile("myfile_overriden", { default: here("reg.txt") });',
    'absent_file = IncludeFile("absent_file", { required: false });',
  ],
  steps: [
    {
      prio: 0,
      quals: ["all"],
      code: [
        'assertEquals("Regular Text File", this.myfile_txt);',
        'assertEquals("UTF Text File \\u5e74", this.myfile_utf8);',
        `assertEquals(${JSON.stringify(utf8Bytes)}, [...this.myfile_binary]);`,
        'assertEquals("Override Text File", this.myfile_overriden);',
        "assertEquals(null, this.absent_file);",
        readOnly("myfile_txt", '"5"'),
      ],
    },
  ],
  async check(c) {
    for (const step of await c.steps()) {
      await c.assertArtifact(step, "myfile_txt", "Regular Text File");
      await c.assertArtifact(step, "myfile_utf8", "UTF Text File \u5e74");
      for (const t of await c.tasks(step)) assert.deepEqual([...((await t.artifact("myfile_binary")) as Uint8Array)], utf8Bytes, `${t.pathspec}: myfile_binary`);
      await c.assertArtifact(step, "myfile_overriden", "Override Text File");
    }
  },
};

/** Tests of parameters, constants and included files. */
export const paramTests: readonly CoreTest[] = [basicParameter, constants, parameterName, dynamicParameter, basicInclude];
