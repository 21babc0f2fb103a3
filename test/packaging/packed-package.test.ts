/**
 * The package as a user installs it: `npm pack` (the built dist/), unpacked into a temp user
 * project whose dependencies are linked from this repository's node_modules (no network), then
 * a flow that uses the public API is type-checked with `skipLibCheck: false` and without
 * `@types/node`, and every shipped source map must carry its sources (stack traces map to
 * TypeScript lines although src/ is not in the package).
 * @module
 */
import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { promisify } from "node:util";
import { makeTmpDir, repoRoot } from "../utils/cli.js";

const run = promisify(execFile);

const userFlow = `import { FlowSpec, step, Parameter, IncludeFile, Config, configExpr, main, retry, catchError, resources, type Inputs } from "metaflow-ts";
import { Flow, Run, namespace } from "metaflow-ts/client";
import { Runner } from "metaflow-ts/runner";
import type { StepDecoratorImplementation } from "metaflow-ts/plugin";

const config = Config("config", { defaultValue: { cpu: 2, label: "x" } });

export default class UserFlow extends FlowSpec {
  config = config;
  alpha = Parameter("alpha", { default: 0.5 });
  name = Parameter("name", { type: "string", required: true });
  notes = IncludeFile("notes", { default: "./notes.txt" });
  items!: number[];
  value!: number;
  total!: number;

  @resources({ cpu: config.cpu })
  @step
  start(): void {
    this.items = [1, 2, 3];
    this.next(this.body, { foreach: "items" });
  }

  @retry({ times: 1 })
  @catchError({ var: "failure" })
  @step
  body(): void {
    this.value = (this.input as number) * this.alpha;
    this.next(this.join);
  }

  @step
  join(inputs: Inputs<UserFlow>): void {
    this.total = inputs.map((i) => i.value).reduce((a, b) => a + b, 0);
    this.next(this.end);
  }

  @step
  end(): void {}
}

main(import.meta, UserFlow);

export async function inspect(): Promise<number> {
  namespace(null);
  const run: Run | undefined = await (await Flow.get("UserFlow")).latestSuccessfulRun();
  const r = await new Runner("flow.ts", { env: { A: "1" } }).run({ name: "x" });
  const label: string = configExpr("config.label") as string;
  const impl: StepDecoratorImplementation | undefined = undefined;
  return (run?.id.length ?? 0) + String(r.status).length + label.length + (impl === undefined ? 0 : 1);
}
`;

let project: string;
let packageDir: string;

before(async () => {
  const tmp = await makeTmpDir("mfts-pack-");
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], { cwd: repoRoot });
  const tarball = join(tmp, (JSON.parse(stdout) as { filename: string }[])[0]?.filename ?? "");
  project = join(tmp, "project");
  packageDir = join(project, "node_modules", "metaflow-ts");
  await mkdir(packageDir, { recursive: true });
  await run("tar", ["-xzf", tarball, "-C", packageDir, "--strip-components=1"]);
  // The package's dependencies, as npm would install them (only what type-checking touches).
  const pkg = JSON.parse(await readFile(join(packageDir, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  for (const dep of Object.keys(pkg.dependencies)) {
    await mkdir(join(project, "node_modules", dep, ".."), { recursive: true });
    await symlink(join(repoRoot, "node_modules", dep), join(project, "node_modules", dep), "dir");
  }
  await writeFile(join(project, "package.json"), JSON.stringify({ name: "user-project", type: "module", private: true }));
  await writeFile(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: false, noEmit: true, types: [] },
      include: ["flow.ts"],
    }),
  );
  await writeFile(join(project, "flow.ts"), userFlow);
});

test("the packed .d.ts files type-check a user's flow with skipLibCheck: false and without @types/node", async () => {
  const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
  const result = await run(process.execPath, [tsc, "-p", "."], { cwd: project }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, out: `${e.stdout ?? ""}${e.stderr ?? ""}` }),
  );
  assert.equal(result.code, 0, `tsc failed on the packed package:\n${result.out}`);
});

test("every source map in the package carries its sources (src/ is not shipped)", async () => {
  const maps: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (p.endsWith(".js.map")) maps.push(p);
    }
  };
  await walk(join(packageDir, "dist"));
  assert.ok(maps.length > 20, `expected the package to ship source maps, found ${maps.length}`);
  const missing: string[] = [];
  for (const file of maps) {
    const map = JSON.parse(await readFile(file, "utf8")) as { sources: string[]; sourcesContent?: (string | null)[] };
    map.sources.forEach((s, i) => {
      if (typeof map.sourcesContent?.[i] !== "string") missing.push(`${file.slice(packageDir.length + 1)}: ${s}`);
    });
  }
  assert.deepEqual(missing.slice(0, 10), [], `${missing.length} sources without content`);
});
