/**
 * The storage conformance suite (`metaflow-ts/testing`, src/testing/storage-conformance.ts) against
 * every built-in StorageBackend: the local directory and S3 (the real S3-compatible server of
 * .ci/services/10-s3.sh). A third-party backend runs the same suite the same way.
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { storageConformance } from "metaflow-ts/testing";
import { openStorage } from "metaflow-ts/plugin";
import { freshS3Root, s3Service } from "../utils/s3.js";
import "metaflow-ts/client"; // a composition root: registers the built-in backends (local, s3://)

storageConformance({ name: "local", fresh: async () => openStorage(await fs.mkdtemp(path.join(os.tmpdir(), "mfts-conf-"))) });
storageConformance({ name: "s3", skip: s3Service.skip, fresh: async () => openStorage(await freshS3Root()) });
