/** Deferred config values: paths, configExpr, resolution and its errors; the read-only view. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Config } from "../../src/config/config-declaration.js";
import { configExpr, deferredOf, deferredExpression } from "../../src/config/deferred-value.js";
import { formatPath, parsePath } from "../../src/config/config-path.js";
import { hasDeferred, resolveDeferred } from "../../src/config/resolve-deferred.js";
import { readOnlyConfig, unwrapConfigViews } from "../../src/config/read-only-view.js";
import { MetaflowError } from "../../src/errors.js";

const configs = new Map<string, unknown>([
  ["config", { resources: { cpu: 2 }, "a-b": { c: [10, 20] }, schedule: { cron: "0 * * * *" } }],
  ["absent", null],
]);

test("paths parse and print back", () => {
  assert.deepEqual(parsePath('config["a-b"].c[1]', "t"), ["config", "a-b", "c", 1]);
  assert.deepEqual(parsePath("config.a-b.c", "t"), ["config", "a-b", "c"]);
  assert.equal(formatPath(["config", "a b", "c", 1]), 'config["a b"].c[1]');
  assert.throws(() => parsePath("config..x", "configExpr"), /expected a key/);
});

test("member access on a module-level Config records a path; configExpr parses one", () => {
  const config = Config("config") as { resources: { cpu: number } };
  const cpu = config.resources.cpu;
  assert.equal(deferredExpression(deferredOf(cpu)!), "config.resources.cpu");
  assert.equal(deferredExpression(deferredOf(configExpr('config["a-b"].c[0]'))!), 'config["a-b"].c[0]');
  assert.equal(hasDeferred({ a: [1, { b: cpu }] }), true);
  assert.equal(hasDeferred({ a: [1, { b: 2 }] }), false);
});

test("resolution replaces deferred values anywhere in attributes", () => {
  const config = Config("config") as { resources: { cpu: number }; schedule: { cron: string } };
  const attrs = { cpu: config.resources.cpu, nested: [configExpr('config["a-b"].c[1]')], cron: configExpr("config.schedule.cron"), twice: configExpr((c) => c.config.resources.cpu * 2), whole: config.resources };
  assert.deepEqual(resolveDeferred(attrs, configs, "@x"), { cpu: 2, nested: [20], cron: "0 * * * *", twice: 4, whole: { cpu: 2 } });
});

test("a missing key names the expression, where it was used and the keys there", () => {
  const config = Config("config") as { resources: { gpu: number } };
  assert.throws(() => resolveDeferred({ gpu: config.resources.gpu }, configs, "@resources of step start"), (e: unknown) => {
    assert.ok(e instanceof MetaflowError);
    assert.match(e.message, /config\.resources\.gpu \(@resources of step start\) names a key that does not exist: config\.resources has no key 'gpu'\. Keys there: cpu\./);
    return true;
  });
  assert.throws(() => resolveDeferred(configExpr("config.a-b.c[5]"), configs, "w"), /has no index 5/);
  assert.throws(() => resolveDeferred(configExpr("other.x"), configs, "w"), /refers to config 'other', which the flow does not declare\. Its configs: config, absent/);
  assert.throws(() => resolveDeferred(configExpr("absent.x"), configs, "w"), /absent is null \(the config was not given\)/);
  assert.throws(() => resolveDeferred(configExpr("config.resources.cpu.x"), configs, "w"), /config\.resources\.cpu is number 2, not an object/);
});

test("computing with a deferred value outside a step says to use configExpr", () => {
  const config = Config("config") as { resources: { cpu: number } };
  assert.throws(() => config.resources.cpu * 2, /only known when the flow is deployed.*configExpr\(\(c\) => c\.config\.resources\.cpu \* 2\)/);
  assert.throws(() => `${config.resources.cpu}`, /configExpr/);
  assert.throws(() => ((config as unknown as { x: number }).x = 1), /read-only/);
});

test("the read-only view: reads, dashed keys, spread, JSON; every write throws a MetaflowError", () => {
  const stored = Object.freeze({ model: Object.freeze({ rate: 0.5, layers: Object.freeze([1, 2]) }), "a-b": "x" });
  const view = readOnlyConfig(stored, "settings") as { model: { rate: number; layers: number[] }; "a-b": string };
  assert.equal(view["a-b"], "x");
  assert.deepEqual({ ...view.model }, { rate: 0.5, layers: [1, 2] });
  assert.equal(JSON.stringify(view), JSON.stringify(stored));
  assert.deepEqual(Object.keys(view), ["model", "a-b"]);
  assert.equal(Array.isArray(view.model.layers), true);
  assert.deepEqual(view.model.layers.map((x) => x * 2), [2, 4]);
  assert.throws(() => (view.model.rate = 1), (e: unknown) => e instanceof MetaflowError && /Cannot change settings\.model\.rate: configs are read-only/.test(e.message));
  assert.throws(() => view.model.layers.push(3), /settings\.model\.layers\[2\]/);
  assert.throws(() => delete (view as Record<string, unknown>)["a-b"], /settings\["a-b"\]/);
  const unwrapped = unwrapConfigViews({ spread: { ...view.model }, whole: view }) as { spread: { layers: unknown }; whole: unknown };
  assert.equal(unwrapped.whole, stored);
  assert.equal(unwrapped.spread.layers, stored.model.layers);
  assert.doesNotThrow(() => structuredClone(unwrapped));
});
