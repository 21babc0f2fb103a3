/**
 * Where a pair's run is stored: the local datastore of its temp directory, or (`datastore: "s3"`)
 * a fresh bucket on the S3 server of .ci/services/10-s3.sh, reached through a proxy that fails
 * some requests once (test/doubles/s3-fault-proxy.ts), so that the run shows the S3 datastore
 * retrying. Without the server such pairs are skipped (under CI=true, a missing server fails).
 * @module
 */
import type { CoreTest } from "./core-test.js";
import { startS3FaultProxy, type S3FaultProxy } from "../doubles/s3-fault-proxy.js";
import { freshS3Root, s3Env, s3Service } from "../utils/s3.js";

let proxy: Promise<S3FaultProxy> | undefined;

/** The proxy of every S3 pair: the first attempt of every third distinct request fails with `503 SlowDown`. */
async function startFlakyProxy(upstream: string): Promise<S3FaultProxy> {
  const p = await startS3FaultProxy(upstream);
  p.inject({ fault: "SlowDown", firstOfEvery: 3 });
  return p;
}

/** Why a pair of `t` cannot run here, or false. */
export function pairSkip(t: CoreTest): string | false {
  return t.datastore === "s3" ? s3Service.skip : false;
}

/** The environment and datastore root of a pair's runs (undefined root: the harness's default). */
export async function pairStorage(t: CoreTest): Promise<{ env: Record<string, string>; datastoreRoot?: string }> {
  if (t.datastore !== "s3" || s3Service.value === undefined) return { env: {} };
  proxy ??= startFlakyProxy(s3Service.value);
  const endpoint = (await proxy).url;
  const datastoreRoot = await freshS3Root("core");
  return { env: { ...s3Env(), AWS_ENDPOINT_URL_S3: endpoint }, datastoreRoot };
}

/** Requests to the bucket of `datastoreRoot` that the proxy failed on purpose. */
export async function injectedS3Failures(datastoreRoot: string): Promise<number> {
  if (proxy === undefined) return 0;
  const bucket = `/${new URL(datastoreRoot).hostname}/`;
  return (await proxy).requests.filter((r) => typeof r.outcome === "string" && `${r.path}/`.startsWith(bucket)).length;
}
