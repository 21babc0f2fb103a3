/**
 * `metaflow-ts configure`: writes the settings a team shares (datastore root, S3 endpoint,
 * region, metadata service) into a profile (see src/profile/profile.ts), or shows it.
 * @module
 */
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { profilePath, readProfile, writeProfile, type Profile } from "../../profile/profile.js";
import type { CliContext, CommandIo } from "../command-io.js";
import { CliExit } from "../exit-codes.js";

/** Options of `configure`. */
export interface ConfigureOptions {
  readonly profile?: string;
  readonly datastoreRoot?: string;
  readonly s3Endpoint?: string;
  readonly region?: string;
  readonly serviceUrl?: string;
  readonly show?: boolean;
}

/** Runs `configure`; resolves to the exit code. */
export async function configureCommand(options: ConfigureOptions, io: CommandIo): Promise<number> {
  const env = options.profile === undefined ? process.env : { ...process.env, METAFLOW_PROFILE: options.profile };
  const settings: Profile = {
    ...(options.datastoreRoot === undefined ? {} : { METAFLOW_DATASTORE_ROOT: options.datastoreRoot }),
    ...(options.s3Endpoint === undefined ? {} : { AWS_ENDPOINT_URL_S3: options.s3Endpoint }),
    ...(options.region === undefined ? {} : { AWS_REGION: options.region }),
    ...(options.serviceUrl === undefined ? {} : { METAFLOW_SERVICE_URL: options.serviceUrl }),
  };
  if (options.show || Object.keys(settings).length === 0) {
    const file = profilePath(env);
    io.out(`# ${file}`);
    io.out(existsSync(file) ? JSON.stringify(readProfile(env), null, 2) : "(no profile yet: set values with --datastore-root, --s3-endpoint, --region, --service-url)");
    return CliExit.Ok;
  }
  const file = await writeProfile(settings, env);
  io.out(`Wrote ${file}${options.profile ? ` (use it with METAFLOW_PROFILE=${options.profile})` : ""}.`);
  return CliExit.Ok;
}

/** Registers `configure`. */
export function registerConfigure(program: Command, ctx: CliContext): void {
  program
    .command("configure")
    .description("save shared settings (datastore root, S3 endpoint...) in a profile; environment variables and flags override it")
    .option("--profile <name>", "write config_<name>.json, selected later by METAFLOW_PROFILE=<name> (default: config.json)")
    .option("--datastore-root <root>", "default datastore root: a directory or s3://bucket/prefix")
    .option("--s3-endpoint <url>", "S3 endpoint (MinIO, Ceph, R2...), as AWS_ENDPOINT_URL_S3")
    .option("--region <region>", "AWS region, as AWS_REGION")
    .option("--service-url <url>", "metadata service, as METAFLOW_SERVICE_URL")
    .option("--show", "print the profile instead of changing it")
    .action(async (opts: ConfigureOptions) => {
      ctx.setExit(await configureCommand(opts, ctx.io));
    });
}
