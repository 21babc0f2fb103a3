/**
 * Choosing a step's compute backend from its decorators, and merging `@resources` with the
 * backend decorator's values (the larger wins).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ComputeProvider } from "../../src/protocol/compute.js";
import { chooseStepCompute } from "../../src/scheduler/step-compute.js";

const provider = (name: string): ComputeProvider => ({ name, open: () => Promise.reject(new Error("not opened in this test")) });
const slurm = provider("slurm");
const kubernetes = provider("kubernetes");

test("a step without a backend decorator runs locally; its @resources are still read", () => {
  const c = chooseStepCompute("s", [{ name: "resources", attributes: { cpu: 2, memory: 1024 } }], [slurm]);
  assert.equal(c.provider, undefined);
  assert.deepEqual(c.resources, { cpu: 2, memory: 1024 });
});

test("the backend decorator selects its provider; the larger of each resource wins", () => {
  const c = chooseStepCompute("s", [{ name: "resources", attributes: { cpu: 4, memory: 1024 } }, { name: "slurm", attributes: { cpu: 2, memory: 4096, gpu: "1", partition: "gpu" } }], [slurm, kubernetes]);
  assert.equal(c.provider, slurm);
  assert.deepEqual(c.resources, { cpu: 4, memory: 4096, gpu: 1 });
  assert.equal(c.attributes.partition, "gpu");
});

test("two backends on one step, or a malformed resource, are errors naming the step", () => {
  assert.throws(() => chooseStepCompute("train", [{ name: "slurm", attributes: {} }, { name: "kubernetes", attributes: {} }], [slurm, kubernetes]), /Step train has both @slurm and @kubernetes/);
  assert.throws(() => chooseStepCompute("train", [{ name: "slurm", attributes: { memory: "4G" } }], [slurm]), /@slurm\(memory\) on step train: expected a number ≥ 0 \(in MB/);
  assert.throws(() => chooseStepCompute("train", [{ name: "resources", attributes: { gpu: 0.5 } }], [slurm]), /@resources\(gpu\)/);
});
