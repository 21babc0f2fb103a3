/**
 * The MetadataProvider conformance suite: what every provider (records in the datastore, the
 * metadata service, a third party's) must do, as node:test cases. Exported as `metaflow-ts/testing`.
 * @module
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { MetadataProvider, RunRecord } from "../metadata/types.js";

/** A run record as the scheduler registers it. */
function record(flowName: string, runId: string, tags: string[] = []): RunRecord {
  return {
    flowName,
    runId,
    createdAt: new Date().toISOString(),
    user: "ada",
    tags,
    systemTags: ["user:ada", "runtime:node-20", "metaflow-ts"],
    codePackage: "abc",
    flowFile: "flow.ts",
    graph: { flowName, steps: {}, order: [] } as unknown as RunRecord["graph"],
    stepDecorators: {},
  };
}

/** A metadata provider under test. */
export interface MetadataConformanceTarget {
  /** Shown in the suite's name, e.g. `service`. */
  readonly name: string;
  /** A reason to skip the suite (e.g. its database is not configured), or false. */
  readonly skip?: string | false;
  /** The provider; opened once for the suite (each test uses flows of its own). */
  open(): Promise<MetadataProvider>;
}

/**
 * Declares the MetadataProvider conformance suite for one provider (a `describe` of node:test):
 * unique run ids under concurrency, newest first; run records and ends read back whole; unknown
 * runs; concurrent tag changes all kept, system tags protected. Call it at the top level of a test
 * file run by `node --test`.
 */
export function metadataConformance(subject: MetadataConformanceTarget): void {
  describe(`MetadataProvider conformance: ${subject.name}`, { skip: subject.skip ?? false }, () => {
    let md: MetadataProvider;
    let flow: string;
    let n = 0;
    before(async () => {
      md = await subject.open();
    });
    const freshFlow = () => (flow = `Conf${subject.name}${process.pid}x${n++}x${Date.now()}`);

    test("run ids are unique even when 30 are claimed at once, and sort newest first", async () => {
      freshFlow();
      const ids = await Promise.all(Array.from({ length: 30 }, () => md.newRunId(flow)));
      assert.equal(new Set(ids).size, 30);
      for (const id of ids) assert.match(id, /^\d+$/);
      for (const id of ids) await md.registerRun(record(flow, id));
      assert.deepEqual(await md.listRuns(flow), [...ids].sort((a, b) => Number(b) - Number(a)));
      assert.ok((await md.listFlows()).includes(flow));
    });

    test("a registered run reads back whole; its end is absent until it ends", async () => {
      freshFlow();
      const id = await md.newRunId(flow);
      const r = record(flow, id, ["exp1"]);
      await md.registerRun(r);
      assert.deepEqual(await md.getRun(flow, id), r);
      assert.equal(await md.getRunEnd(flow, id), undefined);
      const end = { status: "failed", finishedAt: new Date().toISOString(), failedTask: `${flow}/${id}/a/1`, reason: "boom" } as const;
      await md.finishRun(flow, id, end);
      assert.deepEqual(await md.getRunEnd(flow, id), end);
    });

    test("an unknown run reads as undefined", async () => {
      freshFlow();
      assert.equal(await md.getRun(flow, "12345"), undefined);
      assert.equal(await md.getRunEnd(flow, "12345"), undefined);
      assert.deepEqual(await md.listRuns(flow), []);
    });

    test("40 concurrent tag changes are all kept; system tags cannot be removed", async () => {
      freshFlow();
      const id = await md.newRunId(flow);
      await md.registerRun(record(flow, id, ["seed"]));
      await Promise.all(Array.from({ length: 40 }, (_, i) => md.updateTags(flow, id, { add: [`t${i}`] })));
      const tags = (await md.getRun(flow, id))?.tags ?? [];
      assert.equal(tags.length, 41);
      for (let i = 0; i < 40; i++) assert.ok(tags.includes(`t${i}`));
      assert.deepEqual(await md.updateTags(flow, id, { remove: ["seed", "t0"], add: ["x"] }), tags.filter((t) => t !== "seed" && t !== "t0").concat("x"));
      await assert.rejects(md.updateTags(flow, id, { remove: ["user:ada"] }), /system tag/);
      await assert.rejects(md.updateTags(flow, id, { add: [""] }), /Invalid tag/);
    });

    test("tags of an unknown run cannot change", async () => {
      freshFlow();
      await assert.rejects(md.updateTags(flow, "999", { add: ["a"] }), /does not exist|not registered/);
    });
  });
}
