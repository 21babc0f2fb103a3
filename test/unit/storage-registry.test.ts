/** The storage seam: roots by scheme, unknown schemes, URL roots kept as given. */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { openStorage, registerStorage, storageScheme } from "../../src/datastore/storage-registry.js";
import { resolveDatastoreRoot } from "../../src/datastore/datastore-root.js";
import { openDatastore } from "../../src/datastore/open-datastore.js";
import { registerBuiltinBackends } from "../../src/plugins/index.js";
import { MetaflowError } from "../../src/errors.js";

describe("storage registry", () => {
  test("schemes: URLs by their scheme, anything else is a directory", () => {
    assert.equal(storageScheme("s3://bucket/prefix"), "s3");
    assert.equal(storageScheme("S3://bucket"), "s3");
    assert.equal(storageScheme("/tmp/x/.metaflow"), "file");
    assert.equal(storageScheme("relative/dir"), "file");
  });

  test("a URL root is kept as given (no trailing slash); a directory is resolved against cwd", () => {
    assert.equal(resolveDatastoreRoot("/work", "s3://b/p/"), "s3://b/p");
    assert.equal(resolveDatastoreRoot("/work", undefined, { METAFLOW_DATASTORE_ROOT: "s3://b" }), "s3://b");
    assert.equal(resolveDatastoreRoot("/work", "runs", {}), path.resolve("/work/runs"));
    assert.equal(resolveDatastoreRoot("/work", undefined, {}), path.resolve("/work/.metaflow"));
  });

  test("an unregistered scheme is a usage error naming the root and the schemes that work", () => {
    registerBuiltinBackends();
    assert.throws(
      () => openStorage("gopher://host/runs"),
      (e: unknown) => e instanceof MetaflowError && e.code === "USAGE_ERROR" && e.message.includes("gopher://host/runs") && e.message.includes("a directory"),
    );
  });

  test("one backend per root, from the factory of its scheme; metadata from the registered provider", () => {
    registerBuiltinBackends();
    const made: string[] = [];
    const local = openStorage(path.resolve("/tmp/registry-test"));
    registerStorage("mem", (root) => {
      made.push(root);
      return local;
    });
    const a = openDatastore("mem://one");
    const b = openDatastore("mem://one");
    assert.equal(a.storage, b.storage);
    assert.deepEqual(made, ["mem://one"]);
    assert.equal(typeof a.metadata.listFlows, "function");
  });
});
