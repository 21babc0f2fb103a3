/**
 * The S3-compatible test server (.ci/services/10-s3.sh): a fresh bucket per test, and the SDK's
 * standard environment pointing at the server (tests and the CLI processes they start read it).
 */
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { openStorage } from "../../src/datastore/storage-registry.js";
import { registerBuiltinBackends } from "../../src/plugins/index.js";
import { serviceVariable } from "./services.js";

/** The endpoint, or a skip reason. */
export const s3Service = serviceVariable("METAFLOW_TEST_S3_ENDPOINT", "10-s3.sh");

/** Environment for the AWS SDK to reach the test server (static test credentials). */
export function s3Env(): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_S3: s3Service.value ?? "",
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_MAX_ATTEMPTS: "3",
    // The SDK warns on Node 20 about its future minimum version; keep task output clean.
    NODE_NO_WARNINGS: "1",
  };
}

/** Creates a new bucket and returns an `s3://bucket/prefix` root in it; also puts {@link s3Env} in process.env. */
export async function freshS3Root(prefix = "runs"): Promise<string> {
  Object.assign(process.env, s3Env());
  const bucket = `mf-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
  const client = new S3Client({ endpoint: s3Service.value, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  return `s3://${bucket}/${prefix}`;
}

/**
 * Nothing corrupt under an `s3://` root: every object listed is readable, every record parses
 * as JSON, and every content-addressed blob matches its hash.
 */
export async function assertConsistentS3(root: string): Promise<void> {
  registerBuiltinBackends();
  const storage = openStorage(root);
  const entries = await storage.listRecursive("");
  assert.ok(entries.length > 0, `${root} holds something`);
  for (const { key } of entries) {
    const bytes = await storage.read(key);
    assert.ok(bytes !== undefined, `${key} listed but unreadable`);
    if (key.endsWith(".json")) assert.doesNotThrow(() => JSON.parse(Buffer.from(bytes).toString("utf8")), `${key} is not valid JSON`);
    const blob = /\/data\/[0-9a-f]{2}\/([0-9a-f]{64})$/.exec(key)?.[1];
    if (blob !== undefined) assert.equal(createHash("sha256").update(bytes).digest("hex"), blob, `${key} does not match its hash`);
  }
}
