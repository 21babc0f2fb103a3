/**
 * Conformance suites for plugin authors: the very tests every built-in backend passes, as node:test
 * suites to declare in your own test file and run with `node --test`. A storage backend, a metadata
 * provider or a compute backend that passes its suite behaves as metaflow-ts expects of its kind.
 * This subpath loads `node:test`; nothing else in metaflow-ts does.
 *
 * @example
 * ```ts
 * // my-storage.test.ts — run with: node --import tsx --test my-storage.test.ts
 * import { storageConformance } from "metaflow-ts/testing";
 * import { MyStorage } from "./my-storage.js";
 * storageConformance({ name: "my-storage", fresh: async () => new MyStorage(`bucket/${crypto.randomUUID()}`) });
 * ```
 * @module
 */
export { storageConformance, type StorageConformanceTarget } from "../testing/storage-conformance.js";
export { metadataConformance, type MetadataConformanceTarget } from "../testing/metadata-conformance.js";
export { computeConformance, type ComputeConformanceTarget, type ComputeConformanceOptions } from "../testing/compute-conformance.js";
export { conformanceFlows, type ConformanceRun } from "../testing/conformance-cli.js";
