/**
 * Where config values come from besides the flow's defaults: `--config NAME FILE`,
 * `--config-value NAME JSON`, `--config-override NAME.path=value` (each repeatable), and the
 * environment: `METAFLOW_FLOW_CONFIG_<NAME>` (file paths, separated like PATH) and
 * `METAFLOW_FLOW_CONFIG_VALUE_<NAME>` (JSON). The command line wins over the environment,
 * which wins over the defaults.
 * @module
 */
import path from "node:path";
import { ErrorCode, MetaflowError } from "../errors.js";

/** Config inputs of one run (or of `configs`), in the order given. */
export interface ConfigInputs {
  /** `--config NAME FILE`: files relative to the working directory; repeated names are layered in order. */
  readonly files?: readonly { readonly name: string; readonly file: string }[];
  /** `--config-value NAME JSON`: the value as JSON text, or (from the Runner) an object. */
  readonly values?: readonly { readonly name: string; readonly value: string | object }[];
  /** `--config-override NAME.path=value`. */
  readonly overrides?: readonly string[];
}

/** Raw option values as commander collects them (variadic `--config <name-and-file...>`). */
export interface ConfigOptionValues {
  readonly config?: readonly string[];
  readonly configValue?: readonly string[];
  readonly configOverride?: readonly string[];
}

/** Turns the raw option values into {@link ConfigInputs}, checking `--config` and `--config-value` come in pairs. */
export function configInputsFromOptions(opts: ConfigOptionValues): ConfigInputs {
  const pairs = (flag: string, what: string, list: readonly string[] | undefined): [string, string][] => {
    const values = list ?? [];
    if (values.length % 2 !== 0) {
      throw new MetaflowError(ErrorCode.UsageError, `${flag} takes two values, NAME and ${what} (e.g. ${flag} settings ${what === "FILE" ? "settings/prod.yaml" : "'{\"model\": {\"rate\": 0.1}}'"}); got ${values.map((v) => JSON.stringify(v)).join(" ")}.`);
    }
    const out: [string, string][] = [];
    for (let i = 0; i < values.length; i += 2) out.push([values[i] as string, values[i + 1] as string]);
    return out;
  };
  return {
    files: pairs("--config", "FILE", opts.config).map(([name, file]) => ({ name, file })),
    values: pairs("--config-value", "JSON", opts.configValue).map(([name, value]) => ({ name, value })),
    overrides: [...(opts.configOverride ?? [])],
  };
}

/** The environment variables of a config: its files and its JSON value. */
export function configEnvVars(name: string): { readonly files: string; readonly value: string } {
  const key = name.toUpperCase().replace(/[^A-Z0-9]/g, "_");
  return { files: `METAFLOW_FLOW_CONFIG_${key}`, value: `METAFLOW_FLOW_CONFIG_VALUE_${key}` };
}

/** File paths in a `METAFLOW_FLOW_CONFIG_<NAME>` value (separated like PATH). */
export function splitEnvFiles(value: string): string[] {
  return value.split(path.delimiter).map((s) => s.trim()).filter((s) => s !== "");
}

/** How to supply a config, for error messages. */
export function howToSupply(name: string): string {
  const env = configEnvVars(name);
  return `pass --config ${name} FILE or --config-value ${name} JSON, or set ${env.files} (a file) or ${env.value} (JSON)`;
}
