/**
 * Checks that a value is a plugin object ({@link MetaflowPlugin}) before any of it is registered:
 * a wrong field is reported with the module it came from and the field's path.
 * @module
 */
import { ErrorCode, MetaflowError } from "../errors.js";
import type { MetaflowPlugin } from "./plugin-definition.js";

type Check = (value: unknown) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const named = (methods: readonly string[], optional: readonly string[] = []): Check => (v) => {
  if (!isObject(v)) return "must be an object";
  if (typeof v.name !== "string" || v.name === "") return "needs a non-empty string `name`";
  for (const m of methods) if (typeof v[m] !== "function") return `needs a function \`${m}\``;
  for (const m of optional) if (v[m] !== undefined && typeof v[m] !== "function") return `\`${m}\` must be a function`;
  return undefined;
};

const computeProvider = named(["open"], ["check"]);
const metadataFactory = named(["create"]);
const deployerFactory = named(["open"]);
const stepDecorator = named([], ["wrapTask", "validate"]);
const environmentProvider = named(["declaredPackages", "prepare", "plan", "materialize"]);
const cardRenderer: Check = (v) => {
  if (!isObject(v)) return "must be an object";
  if (typeof v.type !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(v.type)) return "needs a `type` of 1-64 letters, digits, '_' or '-'";
  return typeof v.render === "function" ? undefined : "needs a function `render`";
};

/** Throws a MetaflowError unless `value` is a plugin object; `origin` names where it came from (a module). */
export function validatePlugin(value: unknown, origin: string): MetaflowPlugin {
  const fail = (field: string, problem: string): never => {
    throw new MetaflowError(ErrorCode.PluginError, `${origin}: ${field} ${problem}. A plugin is \`export default definePlugin({ name, storage?, metadata?, compute?, stepDecorators?, cardRenderers?, deployers?, environment? })\` (metaflow-ts/plugin).`);
  };
  if (!isObject(value)) return fail("the default export", `must be a plugin object made with definePlugin(); got ${describe(value)}`);
  if (typeof value.name !== "string" || value.name.trim() === "") fail("`name`", "must be a non-empty string");
  if (value.module !== undefined && typeof value.module !== "string") fail("`module`", "must be a string (import.meta.url)");
  const known = new Set(["name", "module", "storage", "metadata", "compute", "stepDecorators", "cardRenderers", "deployers", "environment"]);
  for (const key of Object.keys(value)) if (!known.has(key)) fail(`\`${key}\``, `is not a plugin field (known: ${[...known].join(", ")})`);
  if (value.storage !== undefined) {
    if (!isObject(value.storage)) fail("`storage`", "must be an object of URL scheme -> factory, e.g. { myfs: (root) => new MyStorage(root) }");
    for (const [scheme, factory] of Object.entries(value.storage as Record<string, unknown>)) {
      if (!/^[a-z][a-z0-9+.-]*$/i.test(scheme)) fail(`\`storage.${scheme}\``, "is not a URL scheme (letters, digits, '+', '.', '-')");
      if (typeof factory !== "function") fail(`\`storage.${scheme}\``, `must be a function (root) => StorageBackend; got ${describe(factory)}`);
    }
  }
  checkList(value, "metadata", metadataFactory, fail);
  checkList(value, "compute", computeProvider, fail);
  checkList(value, "stepDecorators", stepDecorator, fail);
  checkList(value, "cardRenderers", cardRenderer, fail);
  checkList(value, "deployers", deployerFactory, fail);
  if (value.environment !== undefined) {
    const problem = environmentProvider(value.environment);
    if (problem !== undefined) fail("`environment`", problem);
  }
  return value as unknown as MetaflowPlugin;
}

function checkList(plugin: Record<string, unknown>, field: string, check: Check, fail: (field: string, problem: string) => never): void {
  const list = plugin[field];
  if (list === undefined) return;
  if (!Array.isArray(list)) fail(`\`${field}\``, `must be an array; got ${describe(list)}`);
  (list as unknown[]).forEach((item, i) => {
    const problem = check(item);
    if (problem !== undefined) fail(`\`${field}[${i}]\``, problem);
  });
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `${typeof v}${typeof v === "function" ? "" : ` ${JSON.stringify(v)}`}`;
}
