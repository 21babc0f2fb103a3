/**
 * The commands the containers of a deployed run execute (`metaflow-ts argo-workflows init|step|finish ...`),
 * dispatched by bin.ts before the CLI framework loads, like `step`. A composition root: wires the
 * task runtime into the Argo plugin.
 * @module
 */
import { openStorage } from "../datastore/storage-registry.js";
import { registerBuiltinBackends } from "../plugins/index.js";
import { argoFinish, argoInit, argoStep } from "../plugins/deploy/argo/container-commands.js";
import { runTaskSpec } from "../task/entry.js";
import { pluginSpecifiersFromEnv } from "../plugin-host/plugin-specifiers.js";

/** Runs `init|step|finish` with its `--flag value` arguments; resolves to the exit code. */
export async function argoContainerMain(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] as string;
    if (a.startsWith("--")) {
      flags.set(a.slice(2), [...(flags.get(a.slice(2)) ?? []), rest[i + 1] ?? ""]);
      i++;
    } else positional.push(a);
  }
  const one = (k: string): string => {
    const v = flags.get(k)?.[0];
    if (v === undefined) throw new Error(`argo-workflows ${command}: missing --${k}`);
    return v;
  };
  registerBuiltinBackends();
  // A deployed run's plugins: the image sets METAFLOW_TS_PLUGINS (package names installed in it).
  const plugins = pluginSpecifiersFromEnv(process.env);
  if (plugins.length > 0) await (await import("../plugin-host/load-plugins.js")).loadPlugins(plugins);
  const storage = openStorage(one("datastore-root"));
  switch (command) {
    case "init": {
      const runId = await argoInit(storage, { flowName: one("flow-name"), deployment: one("deployment"), workflow: one("workflow"), params: flags.get("param") ?? [], trigger: flags.get("trigger")?.[0] ?? "null", outputs: one("outputs") });
      process.stdout.write(`Registered run ${one("flow-name")}/${runId}\n`);
      return 0;
    }
    case "step": {
      const split = flags.get("split-index")?.[0];
      return argoStep(
        storage,
        {
          flowName: one("flow-name"),
          runId: one("run-id"),
          step: positional[0] ?? one("step"),
          inputPaths: one("input-paths"),
          attempt: Number(one("attempt")),
          maxRetries: Number(one("max-retries")),
          datastoreRoot: one("datastore-root"),
          codePackage: one("code-package"),
          outputs: one("outputs"),
          ...(split === undefined ? {} : { splitIndex: Number(split) }),
        },
        (spec) => runTaskSpec(spec),
      );
    }
    case "finish": {
      const url = process.env.METAFLOW_ARGO_EVENTS_WEBHOOK_URL;
      const warnings = await argoFinish(storage, { flowName: one("flow-name"), deployment: one("deployment"), runId: one("run-id"), status: one("status"), ...(url ? { webhookUrl: url } : {}) });
      for (const w of warnings) process.stderr.write(`${w}\n`);
      return 0;
    }
    default:
      throw new Error(`unknown container command argo-workflows ${String(command)}`);
  }
}
