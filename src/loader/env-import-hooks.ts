/**
 * Node module hooks (registered by env-imports.ts) that resolve the `metaflow-env:<specifier>`
 * imports of a code package. The code package's URL says where to look, in its query:
 * `mf-env` (the step's environment: a folder with node_modules), then `mf-project` (the flow's
 * folder, so packages the project depends on stay importable), and `mf-step` for messages.
 * A package found in neither resolves to a module whose value throws a clear error when used,
 * so that it cannot break the other steps of the flow. Runs on Node's hooks thread: only
 * built-in modules here.
 * @module
 */
import path from "node:path";
import { pathToFileURL } from "node:url";

const prefix = "metaflow-env:";
const missingScheme = "metaflow-env-missing:";

interface ResolveContext {
  readonly parentURL?: string;
  readonly conditions?: readonly string[];
  readonly importAttributes?: Record<string, string>;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<{ url: string; format?: string | null }>;
type NextLoad = (url: string, context?: object) => Promise<{ format: string; source?: string | ArrayBuffer | Uint8Array | null }>;

/** Resolves `metaflow-env:` specifiers; everything else goes on unchanged. */
export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<{ url: string; format?: string | null; shortCircuit?: boolean }> {
  if (!specifier.startsWith(prefix)) return nextResolve(specifier, context);
  const request = specifier.slice(prefix.length);
  const query = context.parentURL?.startsWith("file:") ? new URL(context.parentURL).searchParams : new URLSearchParams();
  for (const dir of [query.get("mf-env"), query.get("mf-project")]) {
    if (!dir) continue;
    try {
      return { ...(await nextResolve(request, { ...context, parentURL: pathToFileURL(path.join(dir, "__metaflow_env__.js")).href })), shortCircuit: true };
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code !== "ERR_MODULE_NOT_FOUND" && code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") throw e;
    }
  }
  const missing = new URLSearchParams({ request, step: query.get("mf-step") ?? "", env: query.get("mf-env") ? "1" : "" });
  return { url: `${missingScheme}${missing.toString()}`, shortCircuit: true };
}

/** Loads the stand-in of a package the task's environment lacks. */
export async function load(url: string, context: object, nextLoad: NextLoad): Promise<{ format: string; source?: string | ArrayBuffer | Uint8Array | null; shortCircuit?: boolean }> {
  if (!url.startsWith(missingScheme)) return nextLoad(url, context);
  const q = new URLSearchParams(url.slice(missingScheme.length));
  const request = q.get("request") ?? "?";
  const step = q.get("step") ?? "";
  const message = step
    ? `Step '${step}' imports '${request}', which neither its environment (@npm / @npmBase) nor the project provides. Add it to the step's @npm({ packages: { ... } }) or to the flow's @npmBase.`
    : `'${request}' was used while the flow was loading, outside any step, but it exists only in step environments (@npm / @npmBase). Use it inside the steps that declare it.`;
  const source = [
    `const message = ${JSON.stringify(message)};`,
    "const fail = () => { const e = new Error(message); e.code = 'ENVIRONMENT_PACKAGE_MISSING'; throw e; };",
    "const handler = { get: (_t, key) => (typeof key === 'symbol' || key === 'then' ? undefined : fail()), apply: fail, construct: fail, has: fail, ownKeys: fail };",
    "export default new Proxy(function () {}, handler);",
  ].join("\n");
  return { format: "module", source, shortCircuit: true };
}
