/**
 * Core test of Configs (Metaflow's basic_config_parameters), as TypeScript: a default value,
 * a named parser, a default from a function, values from the environment, configs in flow and
 * step decorators and in parameter defaults, read-only, and stored as artifacts.
 * @module
 */
import { fileURLToPath } from "node:url";
import type { CoreTest } from "./core-test.js";
import { switchGraphs } from "./core-test.js";

/** Metaflow's `basic_config_silly.txt`, overriding the config's (absent) default file. */
const sillyFile = fileURLToPath(new URL("./basic-config-silly.txt", import.meta.url));

const expected = {
  config: { value: 42, str_value: "foobar", project_name: "test_config", nested: { value: 43 } },
  config2: { default_param: 123 },
  config3: { val: 456 },
  silly_config: { baz: "amazing" },
  config_env: { vars: { var1: "value1", var2: "value2" } },
};

const basicConfig: CoreTest = {
  name: "BasicConfigTest",
  priority: 1,
  skipGraphs: switchGraphs,
  prelude: [
    'import { project } from "metaflow-ts";',
    // Metaflow's HEADER sets METAFLOW_FLOW_CONFIG_VALUE / METAFLOW_FLOW_CONFIG (JSON maps); here one variable per config.
    `process.env["METAFLOW_FLOW_CONFIG_VALUE_CONFIG2"] = ${JSON.stringify(JSON.stringify(expected.config2))};`,
    `process.env["METAFLOW_FLOW_CONFIG_VALUE_CONFIG_ENV"] = ${JSON.stringify(JSON.stringify(expected.config_env))};`,
    `process.env["METAFLOW_FLOW_CONFIG_SILLY_CONFIG"] = ${JSON.stringify(sillyFile)};`,
    "/** A parser named by the config (found again in every task by its export name). */",
    "export function silly_parser(s: string): Record<string, string> {",
    '  const [k, v] = s.split(":");',
    "  return { [String(k)]: String(v).trim() };",
    "}",
    `const config = Config("config", { defaultValue: ${JSON.stringify(expected.config)} });`,
    'const silly_config = Config("silly_config", { required: true, parser: "silly_parser", default: "silly.txt" });',
    'const config2 = Config("config2");',
    "const config3 = Config(\"config3\", { defaultValue: () => ({ val: 456 }) });",
    'const config_env = Config("config_env");',
    "void silly_config; void config3;",
  ],
  flowDecorators: ['project({ name: configExpr("config.project_name") })'],
  members: [
    "config = config;",
    "silly_config = silly_config;",
    "config2 = config2;",
    "config3 = config3;",
    "config_env = config_env;",
    'default_from_config = Parameter("default_from_config", { default: config2.default_param, type: "number" });',
    'default_from_func = Parameter("default_from_func", { default: (ctx) => (ctx.configs["config2"] as { default_param: number }).default_param + 1, type: "number" });',
  ],
  steps: [
    {
      prio: 0,
      quals: ["start"],
      // Metaflow's `environment(**config_env)`: the whole attribute object from a config.
      decorators: ["environment(config_env)"],
      code: ['assertEquals("value1", process.env["var1"]);', 'assertEquals("value2", process.env["var2"]);'],
    },
    {
      prio: 0,
      quals: ["all"],
      decorators: ['environment({ vars: { normal: config.str_value, stringify: configExpr((c) => String(c.config.value)) } })'],
      code: [
        'assertEquals("test_config", current.projectName);',
        'assertEquals("foobar", process.env["normal"]);',
        'assertEquals("42", process.env["stringify"]);',
        "assertEquals(123, this.default_from_config);",
        "assertEquals(124, this.default_from_func);",
        "assertEquals(42, this.config.value);",
        'assertEquals(42, this.config["value"]);',
        "assertEquals(43, this.config.nested.value);",
        'assertEquals(43, this.config["nested"]["value"]);',
        'assertEquals("amazing", this.silly_config.baz);',
        'assertEquals("amazing", this.silly_config["baz"]);',
        "assertEquals(456, this.config3.val);",
        'assertThrows(() => { this.config3["val"] = 5; }, (e) => /read-only/.test(String(e)));',
        "assertThrows(() => { this.config3.val = 5; }, (e) => /read-only/.test(String(e)));",
      ],
    },
  ],
  async check(c) {
    for (const step of await c.steps()) for (const [name, value] of Object.entries(expected)) await c.assertArtifact(step, name, value);
  },
};

/** Tests of configs. */
export const configTests: readonly CoreTest[] = [basicConfig];
