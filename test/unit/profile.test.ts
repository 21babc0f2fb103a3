/** Profiles: selected by METAFLOW_PROFILE, fill in what the environment lacks, clear errors. */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { applyProfile, profilePath, readProfile, writeProfile } from "../../src/profile/profile.js";
import { resolveDatastoreRoot } from "../../src/datastore/datastore-root.js";
import { MetaflowError } from "../../src/errors.js";

const home = async () => fs.mkdtemp(path.join(os.tmpdir(), "mfts-profile-"));

describe("profiles", () => {
  test("the default profile and a named one; the environment overrides a profile, flags override both", async () => {
    const METAFLOW_HOME = await home();
    await writeProfile({ METAFLOW_DATASTORE_ROOT: "s3://team/runs", AWS_ENDPOINT_URL_S3: "http://127.0.0.1:9" }, { METAFLOW_HOME });
    await writeProfile({ METAFLOW_DATASTORE_ROOT: "s3://other/runs" }, { METAFLOW_HOME }, "dev");
    assert.equal(profilePath({ METAFLOW_HOME }), path.join(METAFLOW_HOME, "config.json"));

    const plain: NodeJS.ProcessEnv = { METAFLOW_HOME };
    assert.deepEqual(applyProfile(plain), { METAFLOW_DATASTORE_ROOT: "s3://team/runs", AWS_ENDPOINT_URL_S3: "http://127.0.0.1:9" });
    assert.equal(resolveDatastoreRoot("/w", undefined, plain), "s3://team/runs");
    assert.equal(resolveDatastoreRoot("/w", "/flag/dir", plain), "/flag/dir");

    const dev: NodeJS.ProcessEnv = { METAFLOW_HOME, METAFLOW_PROFILE: "dev", AWS_ENDPOINT_URL_S3: "http://from-env" };
    applyProfile(dev);
    assert.equal(dev.METAFLOW_DATASTORE_ROOT, "s3://other/runs");
    assert.equal(dev.AWS_ENDPOINT_URL_S3, "http://from-env");

    const env: NodeJS.ProcessEnv = { METAFLOW_HOME, METAFLOW_DATASTORE_ROOT: "/env/dir" };
    applyProfile(env);
    assert.equal(env.METAFLOW_DATASTORE_ROOT, "/env/dir");
  });

  test("a missing named profile, bad JSON or an unknown setting is a usage error naming the file", async () => {
    const METAFLOW_HOME = await home();
    const usage = (file: string) => (e: unknown) => e instanceof MetaflowError && e.code === "USAGE_ERROR" && e.message.includes(file);
    assert.throws(() => readProfile({ METAFLOW_HOME, METAFLOW_PROFILE: "nope" }), usage("config_nope.json"));
    assert.deepEqual(readProfile({ METAFLOW_HOME }), {});
    await fs.writeFile(path.join(METAFLOW_HOME, "config.json"), "{ not json");
    assert.throws(() => readProfile({ METAFLOW_HOME }), usage("config.json"));
    await fs.writeFile(path.join(METAFLOW_HOME, "config.json"), JSON.stringify({ METAFLOW_DATASTORE_ROOT: "x", COLOR: "blue" }));
    assert.throws(() => readProfile({ METAFLOW_HOME }), (e: unknown) => e instanceof MetaflowError && e.message.includes("COLOR"));
  });
});
