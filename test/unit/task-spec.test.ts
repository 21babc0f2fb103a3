/** encodeTaskSpec / decodeTaskSpec: the argv codec a task process starts from. */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { decodeTaskSpec, encodeTaskSpec, type TaskSpec } from "../../src/protocol/task-spec.js";

const base: TaskSpec = {
  flowName: "HelloFlow",
  runId: "1712345678901",
  step: "join",
  taskId: "12",
  attempt: 2,
  inputPaths: ["1712345678901/a/3", "1712345678901/b/4"],
  datastoreRoot: "/tmp/some dir/.metaflow",
  codePackage: "ab".repeat(32),
  maxRetries: 3,
};

describe("task spec argv codec", () => {
  test("round trip without splitIndex (no --split-index, no splitIndex key)", () => {
    const argv = encodeTaskSpec(base);
    assert.ok(!argv.includes("--split-index"));
    const back = decodeTaskSpec("join", argv);
    assert.deepEqual(back, base);
    assert.ok(!("splitIndex" in back));
    assert.equal(typeof back.attempt, "number");
    assert.equal(typeof back.maxRetries, "number");
  });

  test("round trip with splitIndex, including 0", () => {
    for (const splitIndex of [0, 1, 41]) {
      const spec: TaskSpec = { ...base, step: "body", splitIndex };
      const argv = encodeTaskSpec(spec);
      assert.deepEqual(argv.slice(-2), ["--split-index", String(splitIndex)]);
      assert.deepEqual(decodeTaskSpec("body", argv), spec);
    }
  });

  test("round trip with the step's environment (an id, or none), with and without splitIndex", () => {
    for (const spec of [{ ...base, environment: "cd".repeat(32) }, { ...base, environment: "none", splitIndex: 0 }] satisfies TaskSpec[]) {
      const argv = encodeTaskSpec(spec);
      assert.equal(argv[argv.indexOf("--environment") + 1], spec.environment);
      assert.deepEqual(decodeTaskSpec("join", argv), spec);
    }
    assert.ok(!encodeTaskSpec(base).includes("--environment"));
  });

  test("argv is flag/value pairs", () => {
    const argv = encodeTaskSpec({ ...base, splitIndex: 5 });
    assert.equal(argv.length % 2, 0);
    for (let i = 0; i < argv.length; i += 2) assert.match(argv[i]!, /^--[a-z-]+$/);
    assert.equal(argv[argv.indexOf("--input-paths") + 1], "1712345678901/a/3,1712345678901/b/4");
  });

  test("empty inputPaths round trip to [] (not [''])", () => {
    const spec: TaskSpec = { ...base, step: "start", inputPaths: [] };
    const argv = encodeTaskSpec(spec);
    assert.equal(argv[argv.indexOf("--input-paths") + 1], "");
    assert.deepEqual(decodeTaskSpec("start", argv).inputPaths, []);
  });

  test("a single input path", () => {
    const spec: TaskSpec = { ...base, inputPaths: ["1/start/1"] };
    assert.deepEqual(decodeTaskSpec("join", encodeTaskSpec(spec)).inputPaths, ["1/start/1"]);
  });

  test("step comes from the positional argument", () => {
    assert.equal(decodeTaskSpec("other", encodeTaskSpec(base)).step, "other");
  });

  test("flag order does not matter", () => {
    const argv = encodeTaskSpec({ ...base, splitIndex: 2 });
    const pairs: string[][] = [];
    for (let i = 0; i < argv.length; i += 2) pairs.push([argv[i]!, argv[i + 1]!]);
    const reversed = pairs.reverse().flat();
    assert.deepEqual(decodeTaskSpec("join", reversed), { ...base, splitIndex: 2 });
  });

  test("values that look like flags are kept as values", () => {
    const spec: TaskSpec = { ...base, datastoreRoot: "--weird" };
    assert.equal(decodeTaskSpec("join", encodeTaskSpec(spec)).datastoreRoot, "--weird");
  });

  test("malformed argv: odd number of items", () => {
    const argv = encodeTaskSpec(base);
    assert.throws(() => decodeTaskSpec("join", [...argv, "--split-index"]), /Malformed task argv near "--split-index"/);
  });

  test("malformed argv: a key without --", () => {
    assert.throws(() => decodeTaskSpec("join", ["flow-name", "X", ...encodeTaskSpec(base)]), /Malformed task argv near "flow-name"/);
  });

  test("missing required flags name the flag", () => {
    const argv = encodeTaskSpec(base);
    for (const flag of ["--flow-name", "--run-id", "--task-id", "--attempt", "--input-paths", "--datastore-root", "--code-package", "--max-retries"]) {
      const i = argv.indexOf(flag);
      const without = [...argv.slice(0, i), ...argv.slice(i + 2)];
      assert.throws(() => decodeTaskSpec("join", without), new RegExp(`missing ${flag}$`), flag);
    }
  });

  test("empty argv is missing the first needed flag", () => {
    assert.throws(() => decodeTaskSpec("s", []), /Task argv is missing --input-paths/);
  });
});
