/**
 * Entry of the Kubernetes backend's orphan watchdog (see ../orphan-watchdog.ts): when the
 * scheduler dies without closing the backend, deletes the Jobs (`namespace/name`) of its run that
 * had not ended, with their pods, through the kubeconfig the scheduler used.
 * @module
 */
import { BatchV1Api } from "@kubernetes/client-node";
import { watchForOrphans } from "../orphan-watchdog.js";
import { loadKubeConfig } from "./kubernetes-provider.js";

watchForOrphans(async (jobs) => {
  const { kc } = await loadKubeConfig(process.env);
  const batch = kc.makeApiClient(BatchV1Api);
  await Promise.all(
    jobs.map(async (job) => {
      const [namespace, name] = job.split("/") as [string, string];
      // A Job that is gone already is fine.
      await batch.deleteNamespacedJob({ name, namespace, propagationPolicy: "Background" }).catch(() => undefined);
    }),
  );
});
