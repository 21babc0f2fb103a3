/**
 * Team mode: when `METAFLOW_SERVICE_URL` is set, run records, tags, attempts and heartbeats go to
 * the metadata service (`METAFLOW_SERVICE_AUTH_TOKEN` is sent when set); otherwise this provider
 * declines and the embedded default keeps the records in the datastore.
 * @module
 */
import { registerMetadata } from "../../../public/plugin.js";
import { ServiceMetadata } from "./client/service-metadata.js";

/** Registers the service-backed metadata provider (after the local one: it wins when configured). */
export function registerServiceMetadata(): void {
  registerMetadata({
    name: "service",
    create: (_storage, env) => {
      const url = env.METAFLOW_SERVICE_URL;
      if (url === undefined || url === "") return undefined;
      const token = env.METAFLOW_SERVICE_AUTH_TOKEN;
      const retry = Number(env.METAFLOW_SERVICE_RETRY_SECONDS);
      return new ServiceMetadata({ url, ...(token ? { authToken: token } : {}), ...(Number.isFinite(retry) && retry > 0 ? { retrySeconds: retry } : {}) });
    },
  });
}
