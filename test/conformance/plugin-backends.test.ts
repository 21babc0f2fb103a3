/**
 * The conformance suites of `metaflow-ts/testing` against a third party's backends, loaded the way
 * a plugin's author would test them: the fixture plugin test/fixtures/plugins/acme/ (written only
 * against metaflow-ts/plugin) — its compute backend through `computeConformance({ plugins })`, which
 * runs the `metaflow-ts` program with `--plugin`, and its storage through `storageConformance`.
 */
import { join } from "node:path";
import { computeConformance, storageConformance } from "metaflow-ts/testing";
import { makeTmpDir, repoRoot } from "../utils/cli.js";
import { DirectoryStorage } from "../fixtures/plugins/acme/storage.mjs";
import { isAlive } from "../utils/processes.js";
import { existsSync, readdirSync, readFileSync } from "node:fs";

const plugin = join(repoRoot, "test", "fixtures", "plugins", "acme", "index.mjs");
const stateDir = join(await makeTmpDir("mfts-acme-jobs-"), "jobs");

/** The acme jobs of a run whose process still runs. */
function liveJobs(runId: string): string[] {
  const dir = join(stateDir, runId);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => isAlive((JSON.parse(readFileSync(join(dir, f), "utf8")) as { pid: number }).pid));
}

computeConformance({
  name: "acme (third-party plugin)",
  plugins: [plugin],
  args: ["--with", "acme"],
  prepare: async () => ({ env: { ACME_STATE_DIR: stateDir } }),
  where: /\(acme job \d+\)/,
  resourceArgs: ["--with", "acme:memory=400"],
  expectSeen: {},
  liveJobs,
  granted: (runId) => {
    const dir = join(stateDir, runId);
    const work = readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as { step: string; cpu?: number; memory?: number }).find((j) => j.step === "work");
    if (work?.cpu !== 2 || work.memory !== 400) throw new Error(`acme granted ${JSON.stringify(work)} to the work step; expected cpu 2, memory 400`);
  },
});

storageConformance({
  name: "acmefs (third-party plugin)",
  fresh: async () => new DirectoryStorage(`acmefs://${await makeTmpDir("mfts-acmefs-")}`),
});
