/**
 * Unit: where plugin specifiers come from (`--plugin`, METAFLOW_TS_PLUGINS), how they travel to
 * tasks (TaskSpec `--plugins`), the shape check of definePlugin, and MetaflowError across copies.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { moduleToLoad, pluginSpecifiersFromEnv, scanPluginArgs, taskSpecifier } from "../../src/plugin-host/plugin-specifiers.js";
import { definePlugin } from "../../src/plugin-host/plugin-definition.js";
import { decodeTaskSpec, encodeTaskSpec, type TaskSpec } from "../../src/protocol/task-spec.js";
import { MetaflowError, NotFoundError } from "../../src/errors.js";

test("--plugin values are collected from a command line, up to --", () => {
  assert.deepEqual(scanPluginArgs(["run", "flow.ts", "--plugin", "./a.js", "--with", "x", "--plugin=b-pkg", "--", "--plugin", "c"]), ["./a.js", "b-pkg"]);
  assert.deepEqual(scanPluginArgs(["run", "flow.ts"]), []);
});

test("METAFLOW_TS_PLUGINS is comma-separated, blanks ignored", () => {
  assert.deepEqual(pluginSpecifiersFromEnv({ METAFLOW_TS_PLUGINS: " ./a.js, ,@acme/p ," }), ["./a.js", "@acme/p"]);
  assert.deepEqual(pluginSpecifiersFromEnv({}), []);
});

test("tasks get paths made absolute and package names as they are", () => {
  assert.equal(taskSpecifier("./plugins/a.js", "/proj"), "/proj/plugins/a.js");
  assert.equal(taskSpecifier("file:///x/b.mjs", "/proj"), "/x/b.mjs");
  assert.equal(taskSpecifier("@acme/plugin/sub", "/proj"), "@acme/plugin/sub");
});

test("a TaskSpec carries its plugins through the task command (paths with commas too)", () => {
  const plugins = [{ module: "/p/a,b.js", file: "/p/a,b.js" }, { module: "acme", file: "/proj/node_modules/acme/index.js" }, { module: "@acme/other" }];
  const spec: TaskSpec = { flowName: "F", runId: "1", step: "s", taskId: "2", attempt: 0, inputPaths: [], datastoreRoot: "/d", codePackage: "abc", maxRetries: 0, plugins };
  assert.deepEqual(decodeTaskSpec("s", encodeTaskSpec(spec)).plugins, plugins);
  assert.equal(decodeTaskSpec("s", encodeTaskSpec({ ...spec, plugins: [] })).plugins, undefined);
});

test("a task loads the file the run loaded where it exists, else the module as named (a package in a remote image)", () => {
  const here = fileURLToPath(import.meta.url);
  assert.equal(moduleToLoad({ module: "acme", file: here }), here);
  assert.equal(moduleToLoad({ module: "acme", file: "/no/such/dir/acme/index.js" }), "acme");
  assert.equal(moduleToLoad({ module: "/abs/plugin.js" }), "/abs/plugin.js");
});

test("definePlugin checks the shape and names the bad field", () => {
  const storage = { acme: () => ({}) as never };
  assert.equal(definePlugin({ name: "ok", storage }).storage, storage);
  assert.throws(() => definePlugin({ name: "" }), /definePlugin\(\): `name` must be a non-empty string/);
  assert.throws(() => definePlugin({ name: "x", compute: [{ name: "c" } as never] }), (e: unknown) => e instanceof MetaflowError && e.code === "PLUGIN_ERROR" && /`compute\[0\]` needs a function `open`/.test(e.message));
  assert.throws(() => definePlugin({ name: "x", cardRenderers: [{ type: "bad type", render: async () => "" } as never] }), /`cardRenderers\[0\]` needs a `type` of 1-64/);
});

test("an error made by another copy of MetaflowError is a MetaflowError; subclasses keep their own check", () => {
  const foreign = Object.assign(new Error("from a plugin's copy"), { code: "COMPUTE", headline: "x" });
  Object.defineProperty(foreign, Symbol.for("metaflow-ts.MetaflowError"), { value: true });
  assert.ok(foreign instanceof MetaflowError);
  assert.ok(!(new Error("plain") instanceof MetaflowError));
  assert.ok(new NotFoundError("n") instanceof MetaflowError);
  assert.ok(!(new MetaflowError("NOT_FOUND", "m") instanceof NotFoundError));
});
