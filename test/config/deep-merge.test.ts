/** Layering: deep merge with provenance, and dotted overrides. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mergeLayers } from "../../src/config/deep-merge.js";
import { applyOverrides, parseOverride } from "../../src/config/config-overrides.js";
import { provenanceOf, formatSource, type Sourced } from "../../src/config/provenance.js";
import { pathKey } from "../../src/config/config-path.js";

const layer = (value: unknown, file: string, lines: Record<string, number> = {}): Sourced => ({
  value,
  provenance: provenanceOf(value, { kind: "file", file }, (p) => lines[p.join(".")]),
});
const sourceAt = (s: Sourced, ...path: (string | number)[]): string => formatSource(s.provenance.get(pathKey(path))?.source);

test("objects merge key by key; scalars and arrays are replaced; provenance follows the winner", () => {
  const base = layer({ model: { fit_intercept: true, alpha: 1 }, features: ["a", "b"], name: "base" }, "base.yaml", { "model.fit_intercept": 2, "model.alpha": 3, features: 4, name: 5 });
  const exp = layer({ model: { alpha: 2 }, features: ["c"] }, "exp.yaml", { "model.alpha": 1, features: 2 });
  const merged = mergeLayers([base, exp]);
  assert.deepEqual(merged.value, { model: { fit_intercept: true, alpha: 2 }, features: ["c"], name: "base" });
  assert.equal(sourceAt(merged, "model", "fit_intercept"), "base.yaml:2");
  assert.equal(sourceAt(merged, "model", "alpha"), "exp.yaml:1");
  assert.equal(sourceAt(merged, "features"), "exp.yaml:2");
  assert.equal(sourceAt(merged, "name"), "base.yaml:5");
  assert.equal(merged.provenance.size, 4);
});

test("a scalar replaced by an object (and back) drops the old provenance under it", () => {
  const a = layer({ x: 1, y: { deep: { k: 1 } } }, "a");
  const b = layer({ x: { nested: true }, y: 5 }, "b");
  const m = mergeLayers([a, b]);
  assert.deepEqual(m.value, { x: { nested: true }, y: 5 });
  assert.deepEqual([...m.provenance.values()].map((p) => p.path).sort(), [["x", "nested"], ["y"]]);
  assert.equal(sourceAt(m, "y"), "b");
  assert.equal(m.provenance.has(pathKey(["y", "deep", "k"])), false);
});

test("an empty object on top changes nothing; keys merged into an empty object replace its leaf", () => {
  const m = mergeLayers([layer({ a: { b: 1 }, e: {} }, "one"), layer({ a: {}, e: { f: 2 } }, "two")]);
  assert.deepEqual(m.value, { a: { b: 1 }, e: { f: 2 } });
  assert.equal(sourceAt(m, "a", "b"), "one");
  assert.equal(sourceAt(m, "e", "f"), "two");
  assert.equal(m.provenance.has(pathKey(["e"])), false);
});

test("parseOverride: JSON values, plain strings, + to add, bracket keys", () => {
  assert.deepEqual(parseOverride("settings.model.fit_intercept=false"), { config: "settings", path: ["model", "fit_intercept"], value: false, add: false, text: "settings.model.fit_intercept=false" });
  assert.equal(parseOverride("s.name=hello world").value, "hello world");
  assert.deepEqual(parseOverride('s.list=[1,2]').value, [1, 2]);
  assert.equal(parseOverride("+s.new_key=1").add, true);
  assert.deepEqual(parseOverride('s["a-b"].c=x').path, ["a-b", "c"]);
  assert.throws(() => parseOverride("settings"), /expected NAME\.path=value/);
  assert.throws(() => parseOverride("settings=1"), /--config-value/);
});

test("applyOverrides sets existing keys, adds with +, and refuses typos listing the keys", () => {
  const base = layer({ model: { fit_intercept: true, alpha: 1 } }, "base.yaml");
  const out = applyOverrides(base, [parseOverride("s.model.fit_intercept=false"), parseOverride("+s.model.extra.deep=3")]);
  assert.deepEqual(out.value, { model: { fit_intercept: false, alpha: 1, extra: { deep: 3 } } });
  assert.equal(sourceAt(out, "model", "fit_intercept"), "--config-override s.model.fit_intercept=false");
  assert.equal(sourceAt(out, "model", "extra", "deep"), "--config-override +s.model.extra.deep=3");
  assert.deepEqual(base.value, { model: { fit_intercept: true, alpha: 1 } }, "the base is not changed");
  assert.throws(() => applyOverrides(base, [parseOverride("s.model.fit_intercep=false")]), /s\.model has no key 'fit_intercep'.*Keys there: fit_intercept, alpha/);
  assert.throws(() => applyOverrides(base, [parseOverride("s.model.alpha.x=1")]), /s\.model\.alpha is 1, not an object/);
});
