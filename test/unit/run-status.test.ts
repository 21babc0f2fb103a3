/** runStatus: one function for a run's status, from its end record, scheduler and heartbeat. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { HEARTBEAT_STALE_MS, runStatus, type LivenessProbe } from "../../src/metadata/run-status.js";
import type { RunRecord } from "../../src/metadata/types.js";

const started = Date.parse("2026-01-01T00:00:00Z");
const record = (scheduler?: RunRecord["scheduler"]): RunRecord =>
  ({ flowName: "F", runId: "1", createdAt: new Date(started).toISOString(), user: "u", tags: [], systemTags: [], codePackage: "x", flowFile: "f.ts", graph: {} as RunRecord["graph"], stepDecorators: {}, ...(scheduler ? { scheduler } : {}) }) as RunRecord;
const scheduler = { host: "laptop", pid: 4242, startedAt: new Date(started).toISOString() };
const probe = (over: Partial<LivenessProbe> = {}): LivenessProbe => ({ now: started + 1000, host: "laptop", isProcessAlive: () => true, ...over });
const beat = (msAfterStart: number): string => new Date(started + msAfterStart).toISOString();

test("an end record decides: succeeded or failed, whatever the scheduler", () => {
  const facts = { record: record(scheduler), heartbeatAt: undefined };
  assert.equal(runStatus({ ...facts, end: { status: "succeeded", finishedAt: beat(5) } }, probe({ isProcessAlive: () => false })), "succeeded");
  assert.equal(runStatus({ ...facts, end: { status: "failed", finishedAt: beat(5) } }, probe()), "failed");
});

test("on the scheduler's host: running while its process lives, dead once it is gone", () => {
  const facts = { record: record(scheduler), end: undefined, heartbeatAt: beat(500) };
  assert.equal(runStatus(facts, probe({ isProcessAlive: (pid) => pid === 4242 })), "running");
  assert.equal(runStatus(facts, probe({ isProcessAlive: () => false })), "dead");
});

test("elsewhere (or a reused pid): the heartbeat decides; stale after HEARTBEAT_STALE_MS", () => {
  const facts = { record: record(scheduler), end: undefined, heartbeatAt: beat(10_000) };
  const elsewhere = { host: "other-machine", isProcessAlive: () => false };
  assert.equal(runStatus(facts, probe({ ...elsewhere, now: started + 10_000 + HEARTBEAT_STALE_MS })), "running");
  assert.equal(runStatus(facts, probe({ ...elsewhere, now: started + 10_001 + HEARTBEAT_STALE_MS })), "dead");
  assert.equal(runStatus(facts, probe({ now: started + 10_001 + HEARTBEAT_STALE_MS })), "dead", "alive pid but no beat: the pid was reused");
  // Never beat at all: the scheduler's start time counts as its last sign of life.
  assert.equal(runStatus({ ...facts, heartbeatAt: undefined }, probe({ ...elsewhere, now: started + HEARTBEAT_STALE_MS + 1 })), "dead");
});

test("a run recorded without a scheduler (older records) stays running", () => {
  assert.equal(runStatus({ record: record(), end: undefined, heartbeatAt: undefined }, probe({ now: started + 10 * HEARTBEAT_STALE_MS })), "running");
});
