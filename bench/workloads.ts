/**
 * The benchmark workloads of issue 6 (B1–B8), as data. Each timed command runs through the
 * CLI (or a user's client script) as a child process, in a fresh temporary datastore per
 * repetition unless the workload says otherwise.
 * @module
 */
import path from "node:path";
import { execCli, execNode, freshDir, isCodePackageDir, removeDir, repoRoot, treeSize, type ExecOptions, type Execution } from "./lib/measure.js";
import type { RowSpec, Sample, Workload } from "./lib/workload.js";
import { localStore, s3StoreFromEnv, type Store } from "./lib/store.js";

/** Which workloads and sizes to build. */
export interface SuiteOptions {
  /** Smaller sizes (targets scaled where the issue says the cost is linear). */
  readonly quick: boolean;
  /** Add the 10,000-way foreach. */
  readonly large: boolean;
}

const flow = (name: string): string => path.join(repoRoot, "bench", "flows", name);
const client = (name: string): string => path.join(repoRoot, "bench", "clients", name);
const HELLO = path.join(repoRoot, "examples", "hello.ts");
const LINEAR = flow("linear.ts");
const FOREACH = flow("foreach.ts");
const BIG = flow("big-artifacts.ts");
const RESUME = flow("resume.ts");

/**
 * With `BENCH_S3_ROOT=s3://bucket/prefix` (and the AWS_* variables of the S3 server) B1, B2, B4
 * and B8b also run on the S3 datastore (`B1-s3`...), each S3 row compared with its local one.
 */
const s3 = s3StoreFromEnv();

/** The datastore of a working directory, as every workload lays it out. */
const datastoreOf = (dir: string, store: Store = localStore): string => store.rootOf(dir);

/** `run FLOW ...` (or `resume`, ...) with the datastore of `dir` in `store`. */
function cli(dir: string, command: string, flowFile: string, args: readonly string[] = [], options: Omit<ExecOptions, "cwd"> = {}, store: Store = localStore): Promise<Execution> {
  return execCli([command, flowFile, "--datastore-root", datastoreOf(dir, store), ...args], { ...options, cwd: dir });
}

/** A workload's id and rows on `store`: S3 rows are compared with the local ones (no target of their own). */
function placed(store: Store, id: string, rows: readonly RowSpec[]): { id: string; rows: RowSpec[] } {
  if (store.kind === "local") return { id, rows: [...rows] };
  return {
    id: `${id}-s3`,
    rows: rows.filter((r) => r.metric === "wall").map((r) => ({ label: `${r.label}, on S3`, metric: r.metric, unit: r.unit, baseline: r.label })),
  };
}

/** The arguments of a foreach over `n` items with two workers. */
const foreachArgs = (n: number): string[] => ["--n", String(n), "--max-num-splits", String(n), "--max-workers", "2"];

/** A sample from an execution, with optional extra metrics. */
const sampleOf = (e: Execution, metrics?: Record<string, number>): Sample => ({ wallMs: e.wallMs, peakRssKiB: e.peakRssKiB, ...(metrics ? { metrics } : {}) });

/**
 * Runs `body` in a fresh temporary directory (the datastore goes in `<dir>/ds`, or under its
 * prefix in S3) and removes the directory and that datastore afterwards.
 */
async function inFreshDir<T>(label: string, body: (dir: string) => Promise<T>, store: Store = localStore): Promise<T> {
  const dir = freshDir(label);
  try {
    return await body(dir);
  } finally {
    await store.remove(dir);
    await removeDir(dir);
  }
}

/** A workload that times `run FLOW ARGS` in a fresh datastore per repetition. */
function freshRun(w: Omit<Workload, "measure" | "setup"> & { readonly flowFile: string; readonly args?: readonly string[]; readonly store?: Store }): Workload {
  const { flowFile, args, store = localStore, ...rest } = w;
  return { ...rest, measure: () => inFreshDir(w.id, async (dir) => sampleOf(await cli(dir, "run", flowFile, args, {}, store)), store) };
}

/** ms per task of a foreach over `n` items (plus start, join, end). */
const perTask = (n: number) => (medianSeconds: number): string => `${((medianSeconds * 1000) / (n + 3)).toFixed(1)} ms/task`;

/** B3 at size `n`: target 15 s per 1,000 items (the issue asks for linear scaling). */
function foreachAt(n: number, id: string, maxReps?: number): Workload {
  return freshRun({
    id,
    title: `foreach ${n.toLocaleString("en-US")} + join, --max-workers 2`,
    flowFile: FOREACH,
    args: foreachArgs(n),
    ...(maxReps !== undefined ? { maxReps } : {}),
    rows: [
      {
        label: `B3 foreach ${n.toLocaleString("en-US")} + join`,
        metric: "wall",
        unit: "s",
        target: (15 * n) / 1000,
        ...(n === 1000 ? { reference: "257 s" } : {}),
        note: perTask(n),
      },
      ...(n === 10_000 ? [{ label: "scheduler peak RSS, 10,000-way foreach", metric: "rss", unit: "MiB" as const, target: 150, reference: "(60 MiB at 1,000)" }] : []),
    ],
  });
}

/** B1: four trivial tasks; also counts the datastore files they wrote (locally). */
function linear(store: Store): Workload {
  return {
    ...placed(store, "B1", [
      { label: "B1 linear, 4 trivial tasks", metric: "wall", unit: "s", target: 0.5, reference: "2.24 s" },
      { label: "datastore files per trivial task (B1, no code package)", metric: "filesPerTask", unit: "files", target: 6, reference: "~46" },
    ]),
    title: `linear flow, 4 trivial tasks${store.kind === "s3" ? ", on S3" : ""}`,
    measure: () =>
      inFreshDir(
        "B1",
        async (dir) => {
          const e = await cli(dir, "run", LINEAR, [], {}, store);
          if (store.kind === "s3") return sampleOf(e); // files are counted on a local datastore only
          const { files } = await treeSize(datastoreOf(dir), isCodePackageDir);
          return sampleOf(e, { filesPerTask: files / 4 });
        },
        store,
      ),
  };
}

/** B2: a 100-way foreach and its join, two workers. */
function foreach100(store: Store): Workload {
  return freshRun({
    ...placed(store, "B2", [{ label: "B2 foreach 100 + join", metric: "wall", unit: "s", target: 2.5, reference: "23.2 s", note: perTask(100) }]),
    title: `foreach 100 + join, --max-workers 2${store.kind === "s3" ? ", on S3" : ""}`,
    flowFile: FOREACH,
    args: foreachArgs(100),
    store,
  });
}

/** B4: a 100 MiB Buffer and a 1,000,000-number array written, then read by the next step. */
function bigArtifacts(store: Store): Workload {
  return freshRun({
    ...placed(store, "B4", [
      { label: "B4 100 MiB + 1e6 numbers, write then read", metric: "wall", unit: "s", target: 1.5, reference: "4.79 s" },
      { label: "B4 peak RSS (whole command)", metric: "rss", unit: "MiB", target: 250, reference: "451 MiB" },
    ]),
    title: `100 MiB Buffer + 1e6-number array, written then read${store.kind === "s3" ? ", on S3" : ""}`,
    flowFile: BIG,
    store,
  });
}

/** B4b: the B4 flow again in a datastore that already holds one run of it (dedupe). */
const bigArtifactsAgain: Workload = {
  id: "B4b",
  title: "B4 again in the same datastore",
  setup: async ({ fixture }) => void (await cli(fixture, "run", BIG)),
  measure: async ({ fixture }) => {
    const before = await treeSize(datastoreOf(fixture));
    const e = await cli(fixture, "run", BIG);
    const after = await treeSize(datastoreOf(fixture));
    return sampleOf(e, { mbAdded: (after.bytes - before.bytes) / 1e6, filesAdded: after.files - before.files });
  },
  rows: [
    { label: "B4b same run again, same datastore", metric: "wall", unit: "s", target: 1, reference: "2.48 s" },
    { label: "B4b bytes added to the datastore", metric: "mbAdded", unit: "MB", target: 0.2, reference: "+0.1 MB" },
  ],
};

/** B5: a run fails in step 3 of 4 (untimed); `resume` with the cause removed is timed. */
const resume: Workload = {
  id: "B5",
  title: "resume after a failure in step 3 of 4",
  measure: () =>
    inFreshDir("B5", async (dir) => {
      await cli(dir, "run", RESUME, [], { env: { BENCH_FAIL: "1" }, expectFailure: true, expectOutput: /failing on purpose/ });
      return sampleOf(await cli(dir, "resume", RESUME, [], { env: { BENCH_FAIL: undefined }, expectOutput: /Reusing the results of ResumeBenchFlow\/\d+\/prepare\// }));
    }),
  rows: [{ label: "B5 resume after a failure in step 3 of 4", metric: "wall", unit: "s", target: 0.4, reference: "1.39 s" }],
};

/** B7: `show` or `check` on examples/hello.ts (no datastore involved). */
function lint(command: "show" | "check"): Workload {
  return {
    id: `B7-${command}`,
    title: `\`${command}\` examples/hello.ts`,
    measure: () => inFreshDir(`B7-${command}`, async (dir) => sampleOf(await execCli([command, HELLO], { cwd: dir }))),
    rows: [{ label: `B7 \`${command}\` examples/hello.ts`, metric: "wall", unit: "s", target: 0.25, reference: "0.47 s" }],
  };
}

/**
 * Runs a user's client script (`bench/clients/SCRIPT`) as a fresh `node` process reading the
 * datastore of `dir`; its output must match `expected`.
 */
async function readClient(dir: string, script: string, args: readonly string[], expected: RegExp, store: Store = localStore): Promise<Sample> {
  return sampleOf(await execNode([client(script), ...args], { cwd: dir, env: { METAFLOW_DATASTORE_ROOT: datastoreOf(dir, store) }, expectOutput: expected }));
}

/** B8a: a fresh `node` process reads one artifact of the latest successful run of HelloFlow. */
const readOne: Workload = {
  id: "B8a",
  title: "fresh process reads one artifact (client API)",
  setup: async ({ fixture }) => void (await cli(fixture, "run", HELLO)),
  measure: ({ fixture }) => readClient(fixture, "read-artifact.mjs", ["HelloFlow", "shout", "loud"], /"HELLO, WORLD!"/),
  rows: [{ label: "B8a read 1 artifact, fresh process", metric: "wall", unit: "s", target: 0.15, reference: "0.46 s" }],
};

/** B8b: a fresh `node` process lists an `n`-way foreach and reads one artifact from every task. */
function readForeach(n: number, store: Store): Workload {
  const sumOfSquares = ((n - 1) * n * (2 * n - 1)) / 6; // what the body tasks stored: i² for i < n
  return {
    ...placed(store, "B8b", [
      {
        label: `B8b read 1 artifact × ${n.toLocaleString("en-US")} foreach tasks`,
        metric: "wall",
        unit: "s",
        ...(n === 1000 ? { target: 0.3, reference: "0.86 s" } : { note: () => "target is for 1,000 tasks" }),
      },
    ]),
    title: `fresh process reads 1 artifact from each of ${n.toLocaleString("en-US")} foreach tasks${store.kind === "s3" ? ", on S3" : ""}`,
    setup: async ({ fixture }) => void (await cli(fixture, "run", FOREACH, foreachArgs(n), {}, store)),
    measure: ({ fixture }) => readClient(fixture, "read-foreach.mjs", ["ForeachBenchFlow", "body", "squared", String(n)], new RegExp(`"sum":${sumOfSquares}\\b`), store),
    teardown: ({ fixture }) => store.remove(fixture),
  };
}

/** The suite, in the order it runs. */
export function buildSuite({ quick, large }: SuiteOptions): Workload[] {
  const foreachSizes: Workload[] = quick
    ? [foreachAt(200, "B3")]
    : [foreachAt(1000, "B3"), foreachAt(2000, "B3-2000", 2), foreachAt(5000, "B3-5000", 1)];
  if (large) foreachSizes.push(foreachAt(10_000, "B3-10000", 1));
  const listing = quick ? 200 : 1000;
  return [
    linear(localStore),
    foreach100(localStore),
    ...foreachSizes,
    bigArtifacts(localStore),
    bigArtifactsAgain,
    resume,
    lint("show"),
    lint("check"),
    readOne,
    readForeach(listing, localStore),
    ...(s3 === undefined ? [] : [linear(s3), foreach100(s3), bigArtifacts(s3), readForeach(listing, s3)]),
  ];
}

/**
 * Whether `--only` selector `sel` picks workload `id`: the same id, or a variant of it
 * (`B3` picks `B3-2000`, `B8` picks `B8a`, `B4` picks `B4b`).
 */
export function selects(sel: string, id: string): boolean {
  const s = sel.trim().toUpperCase();
  const i = id.toUpperCase();
  return i === s || (i.startsWith(s) && /\d$/.test(s) && !/\d/.test(i.charAt(s.length)));
}
