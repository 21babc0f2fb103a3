/**
 * Core test of the S3 datastore (Metaflow's s3_failure), as TypeScript: the run is stored in a
 * fresh bucket on the S3 test server through a proxy that fails some requests once with `503
 * SlowDown`; the run must still succeed and its artifacts be intact. (Metaflow injects its
 * failures with `TEST_S3_RETRY` inside its S3 client and looks for that word in the logs; here the
 * failures come from the wire, and the proxy counts them.)
 * @module
 */
import assert from "node:assert/strict";
import type { CoreTest } from "./core-test.js";
import { switchGraphs } from "./core-test.js";
import { injectedS3Failures } from "./pair-storage.js";

const s3Failure: CoreTest = {
  name: "S3FailureTest",
  priority: 1,
  skipGraphs: switchGraphs,
  datastore: "s3",
  steps: [
    { prio: 0, quals: ["singleton-start"], required: true, code: ["this.x = `${current.flowName}/${current.runId}`;"] },
    { prio: 0, quals: ["end"], code: ["assertEquals(`${current.flowName}/${current.runId}`, this.x);"] },
    { prio: 1, quals: ["all"], code: [] },
  ],
  async check(c) {
    const runId = `S3FailureTestFlow/${c.result.runId}`;
    await c.assertArtifact("start", "x", runId);
    await c.assertArtifact("end", "x", runId);
    assert.ok(c.result.datastoreRoot.startsWith("s3://"), `the run was stored in S3 (${c.result.datastoreRoot})`);
    assert.ok((await injectedS3Failures(c.result.datastoreRoot)) > 0, "some S3 requests of the run failed (and were retried)");
  },
};

/** Tests of the S3 datastore. */
export const s3Tests: readonly CoreTest[] = [s3Failure];
