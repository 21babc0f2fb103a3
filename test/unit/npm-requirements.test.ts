/**
 * What each step asks of the npm environment provider: @npmBase merged with @npm (the step
 * wins), refusals of malformed names and non-registry versions, and the package a bare
 * specifier names; plus the file lock that keeps installs of one environment apart.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { MetaflowError } from "../../src/errors.js";
import { packageNameOf } from "../../src/loader/env-import-plugin.js";
import { declaredPackageNames, stepRequirements } from "../../src/plugins/environments/npm/package-requirements.js";
import { withFileLock } from "../../src/plugins/environments/npm/file-lock.js";

const npm = (packages: unknown) => ({ name: "npm", attributes: { packages } });
const npmBase = (packages: unknown) => ({ name: "npmBase", attributes: { packages } });

test("a step's @npm is merged over the flow's @npmBase, the step winning; steps without packages have none", () => {
  const steps = new Map([
    ["start", [npm({ "is-number": "7.0.0", zod: "^4" })]],
    ["middle", [{ name: "retry", attributes: {} }]],
    ["end", []],
  ]);
  const reqs = stepRequirements(steps, [npmBase({ "is-number": "6.0.0", lodash: "4.17.21" })]);
  assert.deepEqual(reqs.get("start"), { "is-number": "7.0.0", lodash: "4.17.21", zod: "^4" });
  assert.deepEqual(reqs.get("middle"), { "is-number": "6.0.0", lodash: "4.17.21" });
  assert.deepEqual(Object.keys(reqs.get("start") ?? {}), ["is-number", "lodash", "zod"], "sorted by name");
  assert.deepEqual(stepRequirements(new Map([["start", []]]), []).size, 0);
  assert.deepEqual([...declaredPackageNames(steps, [npmBase({ "@scope/x": "1" })])].sort(), ["@scope/x", "is-number", "zod"]);
});

for (const [what, packages, message] of [
  ["an upper-case name", { Lodash: "4" }, /'Lodash' is not a valid npm package name/],
  ["a git URL", { lodash: "git+https://github.com/lodash/lodash" }, /must be a registry version or range/],
  ["a local folder", { lodash: "file:../lodash" }, /must be a registry version or range/],
  ["a number instead of a string", { lodash: 4 }, /must be a registry version or range/],
  ["an array of names", ["lodash"], /packages must be an object of name -> version/],
] as const) {
  test(`@npm refuses ${what}, naming the step`, () => {
    assert.throws(
      () => stepRequirements(new Map([["train", [npm(packages)]]]), []),
      (e: unknown) => e instanceof MetaflowError && e.code === "USAGE_ERROR" && /@npm on step train/.test(e.message) && message.test(e.message),
    );
  });
}

test("the package a bare specifier names", () => {
  assert.equal(packageNameOf("lodash"), "lodash");
  assert.equal(packageNameOf("lodash/fp"), "lodash");
  assert.equal(packageNameOf("@apache-arrow/ts"), "@apache-arrow/ts");
  assert.equal(packageNameOf("@scope/pkg/sub/path"), "@scope/pkg");
});

test("the file lock serializes holders and takes over a lock whose owner died", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mfts-lock-"));
  const file = join(dir, "env.lock");
  const order: string[] = [];
  const hold = (name: string) =>
    withFileLock(file, async () => {
      order.push(`${name}+`);
      await new Promise((r) => setImmediate(r));
      order.push(`${name}-`);
    });
  await Promise.all([hold("a"), hold("b")]);
  assert.ok(order.join(" ") === "a+ a- b+ b-" || order.join(" ") === "b+ b- a+ a-", order.join(" "));
  // A pid that cannot exist (above the kernel's pid_max) stands for an owner that died.
  await writeFile(file, `${hostname()} 99999999`);
  assert.equal(await withFileLock(file, async () => "taken over"), "taken over");
});
