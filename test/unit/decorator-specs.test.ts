/** --with specs, the retry policy, and merging source decorators with --with ones. */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { MetaflowError } from "../../src/errors.js";
import type { AppliedDecorator } from "../../src/flow/metadata-keys.js";
import { maxRetries, mergeStepDecorators, parseDecoratorSpec, retryPolicyOf, stepPolicyOf, timeoutMsOf } from "../../src/scheduler/decorator-specs.js";

const usage = (re?: RegExp) => (e: unknown): boolean => {
  assert.ok(e instanceof MetaflowError, String(e));
  assert.equal(e.code, "USAGE_ERROR");
  if (re) assert.match(e.message, re);
  return true;
};

describe("parseDecoratorSpec", () => {
  test("bare name", () => {
    assert.deepEqual(parseDecoratorSpec("retry"), { name: "retry", attributes: {} });
    assert.deepEqual(parseDecoratorSpec("retry:"), { name: "retry", attributes: {} });
    assert.deepEqual(parseDecoratorSpec("_my_deco2"), { name: "_my_deco2", attributes: {} });
  });

  test("attributes: numbers, booleans and strings", () => {
    assert.deepEqual(parseDecoratorSpec("retry:times=2,minutesBetweenRetries=0"), { name: "retry", attributes: { times: 2, minutesBetweenRetries: 0 } });
    assert.deepEqual(parseDecoratorSpec("x:a=true,b=false,c=1.5,d=hello,e=,f=-3"), { name: "x", attributes: { a: true, b: false, c: 1.5, d: "hello", e: "", f: -3 } });
  });

  test("only the first '=' splits a pair; only the first ':' splits the name", () => {
    assert.deepEqual(parseDecoratorSpec("env:expr=a=b"), { name: "env", attributes: { expr: "a=b" } });
    assert.deepEqual(parseDecoratorSpec("env:url=http://x"), { name: "env", attributes: { url: "http://x" } });
  });

  test("bad names", () => {
    for (const spec of ["", ":times=2", "1retry", "re-try", "retry times", "@retry"]) {
      assert.throws(() => parseDecoratorSpec(spec), usage(/expected NAME or NAME:key=value/), spec);
    }
  });

  test("bad pairs name the pair", () => {
    assert.throws(() => parseDecoratorSpec("retry:times"), usage(/'times' is not key=value/));
    assert.throws(() => parseDecoratorSpec("retry:=2"), usage(/'=2' is not key=value/));
    assert.throws(() => parseDecoratorSpec("retry:times=2,"), usage(/'' is not key=value/));
    assert.throws(() => parseDecoratorSpec("retry:times=2,,x=1"), usage(/is not key=value/));
  });
});

describe("retryPolicyOf", () => {
  const retry = (attributes: Record<string, unknown> = {}): AppliedDecorator[] => [{ name: "retry", attributes }];

  test("no retry decorator: no retries", () => {
    assert.deepEqual(retryPolicyOf("s", []), { retries: 0, delayMs: 0 });
    assert.deepEqual(retryPolicyOf("s", [{ name: "other", attributes: { times: 3 } }]), { retries: 0, delayMs: 0 });
  });

  test("bare @retry: Metaflow defaults of 3 retries, 2 minutes apart", () => {
    assert.deepEqual(retryPolicyOf("s", retry()), { retries: 3, delayMs: 120_000 });
  });

  test("explicit attributes, including from a parsed --with spec", () => {
    assert.deepEqual(retryPolicyOf("s", retry({ times: 1, minutesBetweenRetries: 0.5 })), { retries: 1, delayMs: 30_000 });
    assert.deepEqual(retryPolicyOf("s", [parseDecoratorSpec("retry:times=2,minutesBetweenRetries=0")]), { retries: 2, delayMs: 0 });
    assert.deepEqual(retryPolicyOf("s", retry({ times: 0 })), { retries: 0, delayMs: 120_000 });
  });

  test("the maximum is 4 retries", () => {
    assert.equal(maxRetries, 4);
    assert.deepEqual(retryPolicyOf("s", retry({ times: 4 })), { retries: 4, delayMs: 120_000 });
    assert.throws(() => retryPolicyOf("train", retry({ times: 5 })), usage(/@retry on step train: times=5 is more than the maximum of 4 retries/));
  });

  test("times must be a whole number >= 0", () => {
    for (const times of [-1, 1.5, "2", true, Number.NaN, Infinity]) {
      assert.throws(() => retryPolicyOf("s", retry({ times })), usage(/times must be a whole number/), String(times));
    }
  });

  test("minutesBetweenRetries must be a number >= 0", () => {
    for (const m of [-1, "1", false]) {
      assert.throws(() => retryPolicyOf("s", retry({ minutesBetweenRetries: m })), usage(/minutesBetweenRetries must be a number/), String(m));
    }
  });

  test("times: null / undefined fall back to the default", () => {
    assert.equal(retryPolicyOf("s", retry({ times: null })).retries, 3);
    assert.equal(retryPolicyOf("s", retry({ times: undefined })).retries, 3);
  });

  // Regression: NaN / Infinity used to pass and give delayMs NaN / Infinity (setTimeout then fires after ~1 ms).
  test("non-finite minutesBetweenRetries is refused", () => {
    for (const m of [Number.NaN, Infinity]) {
      assert.throws(() => retryPolicyOf("s", retry({ minutesBetweenRetries: m })), usage(/minutesBetweenRetries must be a number/), String(m));
    }
  });

  test("the first retry decorator wins", () => {
    assert.deepEqual(retryPolicyOf("s", [...retry({ times: 1 }), ...retry({ times: 4 })]).retries, 1);
  });
});

describe("mergeStepDecorators", () => {
  test("source decorators win over --with of the same name; others are appended; every step gets an entry", () => {
    const fromSource = new Map<string, AppliedDecorator[]>([
      ["a", [{ name: "retry", attributes: { times: 1 } }]],
      ["b", [{ name: "resources", attributes: { cpu: 2 } }]],
    ]);
    const withSpecs = [parseDecoratorSpec("retry:times=4"), parseDecoratorSpec("catchError:var=err")];
    const merged = mergeStepDecorators(["start", "a", "b"], fromSource, withSpecs);
    assert.deepEqual([...merged.keys()], ["start", "a", "b"]);
    assert.deepEqual(merged.get("start"), withSpecs);
    assert.deepEqual(merged.get("a"), [{ name: "retry", attributes: { times: 1 } }, withSpecs[1]]);
    assert.deepEqual(merged.get("b"), [{ name: "resources", attributes: { cpu: 2 } }, ...withSpecs]);
    assert.equal(retryPolicyOf("a", merged.get("a")!).retries, 1);
    assert.equal(retryPolicyOf("start", merged.get("start")!).retries, 4);
  });

  test("does not mutate the source map's arrays", () => {
    const own = [{ name: "x", attributes: {} }];
    const fromSource = new Map([["s", own]]);
    mergeStepDecorators(["s"], fromSource, [{ name: "y", attributes: {} }]);
    assert.equal(own.length, 1);
  });

  test("no --with: the source decorators (or [])", () => {
    const merged = mergeStepDecorators(["s", "t"], new Map([["s", [{ name: "x", attributes: {} }]]]), []);
    assert.deepEqual(merged.get("s"), [{ name: "x", attributes: {} }]);
    assert.deepEqual(merged.get("t"), []);
  });
});

describe("stepPolicyOf / timeoutMsOf", () => {
  test("timeout sums seconds, minutes and hours; absent or zero means no limit", () => {
    assert.equal(timeoutMsOf([]), undefined);
    assert.equal(timeoutMsOf([{ name: "timeout", attributes: {} }]), undefined);
    assert.equal(timeoutMsOf([{ name: "timeout", attributes: { seconds: 0 } }]), undefined);
    assert.equal(timeoutMsOf([{ name: "timeout", attributes: { seconds: 30 } }]), 30_000);
    assert.equal(timeoutMsOf([{ name: "timeout", attributes: { seconds: 1, minutes: 2, hours: 1 } }]), (1 + 120 + 3600) * 1000);
    assert.equal(timeoutMsOf([parseDecoratorSpec("timeout:minutes=1.5")]), 90_000);
  });

  test("stepPolicyOf combines retry and timeout", () => {
    assert.deepEqual(stepPolicyOf("s", []), { retries: 0, delayMs: 0 });
    assert.deepEqual(stepPolicyOf("s", [{ name: "retry", attributes: { times: 2, minutesBetweenRetries: 0 } }, { name: "timeout", attributes: { seconds: 5 } }]), { retries: 2, delayMs: 0, timeoutMs: 5000 });
    assert.throws(() => stepPolicyOf("s", [{ name: "retry", attributes: { times: 9 } }]), usage(/maximum of 4/));
  });
});

describe("stepPolicyOf (the local scheduler's policy)", () => {
  test("issue 9 defect 2: a local @retry (bare, or from --with retry) retries at once; minutesBetweenRetries is for remote and deployed runs", () => {
    assert.deepEqual(stepPolicyOf("s", [{ name: "retry", attributes: {} }]), { retries: 3, delayMs: 0 });
    assert.deepEqual(stepPolicyOf("s", [parseDecoratorSpec("retry")]), { retries: 3, delayMs: 0 });
    assert.deepEqual(stepPolicyOf("s", [{ name: "retry", attributes: { times: 1, minutesBetweenRetries: 5 } }]), { retries: 1, delayMs: 0 });
    // the attribute is still checked
    assert.throws(() => stepPolicyOf("s", [{ name: "retry", attributes: { minutesBetweenRetries: -1 } }]), /minutesBetweenRetries must be a number/);
  });
});
