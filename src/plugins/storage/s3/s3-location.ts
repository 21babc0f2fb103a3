/**
 * `s3://bucket/prefix` roots and the S3 client settings, from the AWS SDK's standard
 * configuration: `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL`, `AWS_REGION` / `AWS_DEFAULT_REGION`,
 * `AWS_MAX_ATTEMPTS`, the credentials chain (`AWS_PROFILE`, env keys, shared files, SSO, IMDS...).
 * With a custom endpoint (MinIO, Ceph, R2, a local server) path-style addressing is used.
 * @module
 */
import { ErrorCode, MetaflowError } from "../../../errors.js";

/** Bucket and key prefix of an S3 datastore root. */
export interface S3Location {
  readonly bucket: string;
  /** Key prefix without leading or trailing `/` ("" for the bucket's top). */
  readonly prefix: string;
}

/** Parses `s3://bucket[/prefix]`. */
export function parseS3Root(root: string): S3Location {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(root);
  const bucket = m?.[1];
  if (m === undefined || m === null || bucket === undefined || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new MetaflowError(ErrorCode.UsageError, `Invalid S3 datastore root '${root}': expected s3://bucket/prefix with a valid bucket name (3-63 lower-case letters, digits, '.' or '-').`);
  }
  return { bucket, prefix: (m[2] ?? "").replace(/^\/+|\/+$/g, "") };
}

/** Plain-data settings of an S3 client (they also cross to the synchronous-read worker). */
export interface S3Settings {
  /** Unset: the SDK reads it from the profile (`~/.aws/config`). */
  readonly region?: string;
  readonly endpoint?: string;
  readonly forcePathStyle: boolean;
  readonly maxAttempts: number;
}

/** The client settings in effect for this environment. */
export function s3Settings(env: NodeJS.ProcessEnv = process.env): S3Settings {
  const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
  const attempts = Number(env.AWS_MAX_ATTEMPTS ?? 5);
  // A custom endpoint rarely cares about the region; AWS itself needs one (from env or profile).
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || (endpoint === undefined ? undefined : "us-east-1");
  return {
    ...(region === undefined ? {} : { region }),
    ...(endpoint === undefined ? {} : { endpoint }),
    forcePathStyle: endpoint !== undefined,
    maxAttempts: Number.isInteger(attempts) && attempts >= 1 ? attempts : 5,
  };
}
