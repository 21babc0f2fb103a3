/**
 * The MetadataProvider conformance suite (`metaflow-ts/testing`, src/testing/metadata-conformance.ts)
 * against every built-in provider: the embedded default (records in a local datastore) and the
 * metadata service (on a real PostgreSQL). A third-party provider runs the same suite the same way.
 */
import { after } from "node:test";
import { metadataConformance } from "metaflow-ts/testing";
import { LocalStorage } from "../../src/datastore/local-storage.js";
import { LocalMetadata } from "../../src/metadata/local-metadata.js";
import { ServiceMetadata } from "../../src/plugins/metadata/service/client/service-metadata.js";
import type { MetadataService } from "../../src/plugins/metadata/service/server/start-service.js";
import { makeTmpDir } from "../utils/cli.js";
import { postgres, startTestService } from "../utils/postgres.js";

let service: MetadataService | undefined;
after(async () => service?.close());

metadataConformance({ name: "local", open: async () => new LocalMetadata(new LocalStorage(await makeTmpDir("mfts-meta-"))) });
metadataConformance({
  name: "service",
  skip: postgres.skip,
  open: async () => {
    service ??= await startTestService();
    return new ServiceMetadata({ url: service.url });
  },
});
