/**
 * A test double of the Kubernetes API server for Argo's resources (argoproj.io/v1alpha1:
 * workflowtemplates, cronworkflows, sensors, workflows), speaking the real HTTP API: the paths,
 * verbs, status codes and `Status` bodies a client sees. It keeps objects in memory with
 * `resourceVersion` (a replace must carry the current one, else 409 Conflict), `generateName`,
 * `labelSelector` (`k=v`, comma-separated), JSON merge patch, and 404/409 Status errors. Like the
 * Argo controller, it labels a Workflow created from a template with
 * `workflows.argoproj.io/workflow-template`, and `onWorkflow` lets a test run it (e.g. with the
 * executor double) and set its `status.phase`.
 * @module
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { writeFile } from "node:fs/promises";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = any;

/** One request the double served. */
export interface ApiCall {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly contentType?: string;
}

/** A running API double. */
export interface ArgoApiServer {
  readonly url: string;
  readonly calls: ApiCall[];
  /** Objects by `plural/namespace/name`. */
  readonly objects: Map<string, Obj>;
  /** Writes a kubeconfig pointing at this server; resolves to its path. */
  writeKubeconfig(file: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts the double on 127.0.0.1 (a free port). */
export async function startArgoApiServer(options: { onWorkflow?: (workflow: Obj, template: Obj | undefined) => Promise<string> } = {}): Promise<ArgoApiServer> {
  const objects = new Map<string, Obj>();
  const calls: ApiCall[] = [];
  let version = 1;
  const token = randomBytes(8).toString("hex");
  const send = (res: ServerResponse, status: number, body: Obj): void => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const statusError = (res: ServerResponse, code: number, reason: string, message: string): void => send(res, code, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<number> => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      statusError(res, 401, "Unauthorized", "Unauthorized");
      return 401;
    }
    const url = new URL(req.url ?? "/", "http://x");
    const m = /^\/apis\/argoproj\.io\/v1alpha1\/namespaces\/([^/]+)\/(workflowtemplates|cronworkflows|sensors|workflows)(?:\/([^/]+))?$/.exec(url.pathname);
    if (m === null) {
      statusError(res, 404, "NotFound", `the server could not find the requested resource (${url.pathname})`);
      return 404;
    }
    const [, ns, plural, name] = m as unknown as [string, string, string, string | undefined];
    const key = (n: string): string => `${plural}/${ns}/${n}`;
    const body = await readBody(req);
    const kind = { workflowtemplates: "WorkflowTemplate", cronworkflows: "CronWorkflow", sensors: "Sensor", workflows: "Workflow" }[plural];
    if (name === undefined && req.method === "GET") {
      const selector = (url.searchParams.get("labelSelector") ?? "").split(",").filter(Boolean).map((s) => s.split("=") as [string, string]);
      const items = [...objects].filter(([k]) => k.startsWith(`${plural}/${ns}/`)).map(([, o]) => o).filter((o) => selector.every(([k, v]) => o.metadata.labels?.[k] === v));
      send(res, 200, { apiVersion: "argoproj.io/v1alpha1", kind: `${kind}List`, metadata: { resourceVersion: String(version) }, items });
      return 200;
    }
    if (name === undefined && req.method === "POST") {
      const obj = body as Obj;
      if (obj?.kind !== kind || obj.apiVersion !== "argoproj.io/v1alpha1") {
        statusError(res, 400, "BadRequest", `the body is not a ${kind} of argoproj.io/v1alpha1`);
        return 400;
      }
      const objName: string = obj.metadata?.name ?? `${obj.metadata?.generateName ?? ""}${randomBytes(3).toString("hex").slice(0, 5)}`;
      if (objects.has(key(objName))) {
        statusError(res, 409, "AlreadyExists", `${plural}.argoproj.io "${objName}" already exists`);
        return 409;
      }
      const labels = { ...obj.metadata?.labels };
      const template = obj.spec?.workflowTemplateRef?.name;
      if (plural === "workflows" && template !== undefined) labels["workflows.argoproj.io/workflow-template"] = template;
      const stored = { ...obj, metadata: { ...obj.metadata, name: objName, namespace: ns, labels, resourceVersion: String(++version), uid: randomBytes(8).toString("hex"), creationTimestamp: new Date(Date.now() + version).toISOString() } };
      delete stored.metadata.generateName;
      objects.set(key(objName), stored);
      send(res, 201, stored);
      if (plural === "workflows" && options.onWorkflow !== undefined) {
        stored.status = { phase: "Running" };
        void options.onWorkflow(stored, template === undefined ? undefined : objects.get(`workflowtemplates/${ns}/${template}`)).then((phase) => {
          stored.status = { phase };
        });
      }
      return 201;
    }
    const existing = name === undefined ? undefined : objects.get(key(name));
    if (existing === undefined) {
      statusError(res, 404, "NotFound", `${plural}.argoproj.io "${name ?? ""}" not found`);
      return 404;
    }
    switch (req.method) {
      case "GET":
        send(res, 200, existing);
        return 200;
      case "DELETE":
        objects.delete(key(name as string));
        send(res, 200, { kind: "Status", apiVersion: "v1", status: "Success", details: { name, kind: plural } });
        return 200;
      case "PUT": {
        const obj = body as Obj;
        if (obj?.metadata?.resourceVersion !== existing.metadata.resourceVersion) {
          statusError(res, 409, "Conflict", `Operation cannot be fulfilled on ${plural}.argoproj.io "${name}": the object has been modified; please apply your changes to the latest version and try again`);
          return 409;
        }
        const stored = { ...obj, metadata: { ...obj.metadata, uid: existing.metadata.uid, creationTimestamp: existing.metadata.creationTimestamp, resourceVersion: String(++version) } };
        objects.set(key(name as string), stored);
        send(res, 200, stored);
        return 200;
      }
      case "PATCH": {
        if (req.headers["content-type"] !== "application/merge-patch+json") {
          statusError(res, 415, "UnsupportedMediaType", `the double supports application/merge-patch+json, got ${req.headers["content-type"]}`);
          return 415;
        }
        const stored = mergePatch(existing, body);
        stored.metadata.resourceVersion = String(++version);
        objects.set(key(name as string), stored);
        send(res, 200, stored);
        return 200;
      }
      default:
        statusError(res, 405, "MethodNotAllowed", `${req.method} is not supported`);
        return 405;
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).then(
      (status) => calls.push({ method: req.method ?? "", path: (req.url ?? "").split("?")[0] as string, status, ...(req.headers["content-type"] ? { contentType: req.headers["content-type"] } : {}) }),
      (e: unknown) => statusError(res, 500, "InternalError", String(e)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    objects,
    async writeKubeconfig(file) {
      await writeFile(
        file,
        JSON.stringify({
          apiVersion: "v1",
          kind: "Config",
          clusters: [{ name: "double", cluster: { server: url, "insecure-skip-tls-verify": true } }], // plain HTTP: client-node requires this flag
          users: [{ name: "tester", user: { token } }],
          contexts: [{ name: "double", context: { cluster: "double", user: "tester", namespace: "default" } }],
          "current-context": "double",
        }),
      );
      return file;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.on("data", (d: Buffer) => (text += d.toString()));
    req.on("end", () => {
      try {
        resolve(text === "" ? undefined : JSON.parse(text));
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** RFC 7386 JSON merge patch. */
function mergePatch(target: Obj, patch: Obj): Obj {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) return patch;
  const out = typeof target === "object" && target !== null && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
