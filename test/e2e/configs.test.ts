/**
 * Configs through the real CLI: the two examples (configurable, experiments), every way of
 * declaring and using a config, `configs` and `show`, layering and overrides, environment
 * variables, resume, and every error a user can make, each failing before any task runs.
 */
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { examplePath, flowPath, limiter, RUN_CONCURRENCY, repoRoot, runCli, runFlow, type CliResult } from "../utils/cli.js";
import { assertMentions, assertSucceeded, onlyTaskData, openRun, tasksOf } from "../utils/client.js";
import { LocalMetadata } from "../../src/metadata/local-metadata.js";
import { LocalStorage } from "../../src/datastore/local-storage.js";

const limit = limiter(RUN_CONCURRENCY);
const configurable = examplePath("configurable/flow.ts");
const experiments = examplePath("experiments/flow.ts");
const settingsDir = examplePath("experiments/settings");
const features = flowPath("config/features.ts");
const cfg = (name: string): string => flowPath(`config/${name}`);
const outsideGit = { GIT_CEILING_DIRECTORIES: repoRoot };

const runs = {
  configurable: limit(() => runFlow(configurable)),
  configurableOverride: limit(() => runFlow(configurable, ["--config-override", "config.resources.cpu=4", "--config-override", "config.model.learning_rate=0.125"])),
  exp1: limit(() => runFlow(experiments)),
  exp2: limit(() => runFlow(experiments, ["--config", "settings", path.join(settingsDir, "base.yaml"), "--config", "settings", path.join(settingsDir, "EXP_02.yaml")])),
  noIntercept: limit(() => runFlow(experiments, ["--config-override", "settings.model.fit_intercept=false"], { env: outsideGit })),
  features: limit(() => runFlow(features)),
  envValue: limit(() => runFlow(cfg("required.ts"), [], { env: { METAFLOW_FLOW_CONFIG_VALUE_SECRET: '{"user": "env-json"}' } })),
  envFile: limit(() => runFlow(cfg("required.ts"), [], { env: { METAFLOW_FLOW_CONFIG_SECRET: cfg("good.yaml") } })),
  cliValue: limit(() => runFlow(cfg("required.ts"), ["--config-value", "secret", '{"user": "cli-json"}'], { env: { METAFLOW_FLOW_CONFIG_VALUE_SECRET: '{"user": "env-json"}' } })),
};

const errors = {
  missingKey: limit(() => runFlow(cfg("missing-key.ts"))),
  unknownName: limit(() => runFlow(features, ["--config", "nope", cfg("good.yaml")])),
  unknownOverride: limit(() => runFlow(features, ["--config-override", "setings.model.rate=1"])),
  missingOverrideKey: limit(() => runFlow(features, ["--config-override", "settings.model.rat=1"])),
  toml: limit(() => runFlow(cfg("required.ts"), ["--config", "secret", cfg("bad.toml")])),
  yaml: limit(() => runFlow(cfg("required.ts"), ["--config", "secret", cfg("bad.yaml")])),
  json: limit(() => runFlow(cfg("required.ts"), ["--config", "secret", cfg("bad.json")])),
  inline: limit(() => runFlow(cfg("required.ts"), ["--config-value", "secret", "{user: 1}"])),
  required: limit(() => runFlow(cfg("required.ts"))),
  schema: limit(() => runFlow(cfg("schema.ts"))),
  missingDefault: limit(() => runFlow(cfg("missing-default.ts"))),
  bothDefaults: limit(() => runFlow(cfg("both-defaults.ts"))),
  unpaired: limit(() => runFlow(features, ["--config", "settings"])),
  fileAndValue: limit(() => runFlow(cfg("required.ts"), ["--config", "secret", cfg("good.yaml"), "--config-value", "secret", "{}"])),
};

/** The run record as stored (decorators with resolved attributes, configs). */
async function runRecord(flowName: string, r: { datastoreRoot: string; runId: string | undefined }) {
  const record = await new LocalMetadata(new LocalStorage(r.datastoreRoot)).getRun(flowName, r.runId ?? "");
  assert.ok(record, "run record");
  return record;
}

/** A command that must fail before any task starts, mentioning `words`. */
function assertRefused(r: CliResult, ...words: Array<string | RegExp>): void {
  assert.notEqual(r.code, 0, `expected a failure\n${r.output}`);
  assert.doesNotMatch(r.output, /Task is starting|Workflow starting/, `no task may run\n${r.output}`);
  assertMentions(r, ...words);
}

/** Least-squares slope and intercept of y on one x, computed independently of the example. */
function simpleRegression(csv: string, xCol: string, yCol: string): { slope: number; intercept: number } {
  const [header, ...lines] = csv.trim().split("\n");
  const cols = header!.split(",");
  const rows = lines.map((l) => l.split(",").map(Number));
  const xs = rows.map((r) => r[cols.indexOf(xCol)]!);
  const ys = rows.map((r) => r[cols.indexOf(yCol)]!);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const slope = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  return { slope, intercept: my - slope * mx };
}

function gitBranch(): string | undefined {
  try {
    const b = execFileSync("git", ["rev-parse", "--abbrev-ref", "HEAD"], { cwd: path.dirname(experiments), encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return b === "HEAD" || b === "" ? undefined : b;
  } catch {
    return undefined;
  }
}

describe("configs: examples", () => {
  test("configurable: the TOML config reaches steps, parameter defaults and decorators", async () => {
    const r = await runs.configurable;
    assertSucceeded(r);
    assertMentions(r, "optimizer adam, learning rate 0.5, cpu 1", "all: a-0.5, b-0.5, c-0.5 (schedule 0 * * * *)");
    const run = await openRun("ConfigurableFlow", r);
    const data = await run.data();
    assert.deepEqual(data["config"], { model: { optimizer: "adam", learning_rate: 0.5 }, resources: { cpu: 1 }, schedule: { cron: "0 * * * *" } });
    assert.equal(data["alpha"], 0.5);
    const record = await runRecord("ConfigurableFlow", r);
    assert.deepEqual(record.stepDecorators["start"], [{ name: "resources", attributes: { cpu: 1 } }]);
    assert.deepEqual(record.flowDecorators, [{ name: "schedule", attributes: { cron: "0 * * * *" } }]);
    assert.deepEqual(record.configs?.["config"], data["config"]);
  });

  test("configurable: --config-override changes decorators and parameter defaults", async () => {
    const r = await runs.configurableOverride;
    assertSucceeded(r);
    assertMentions(r, "cpu 4", "all: a-0.125");
    const record = await runRecord("ConfigurableFlow", r);
    assert.deepEqual(record.stepDecorators["start"], [{ name: "resources", attributes: { cpu: 4 } }]);
  });

  test("experiments: EXP_01 and EXP_02 give two runs whose configs and fits differ", async () => {
    const [r1, r2] = [await runs.exp1, await runs.exp2];
    assertSucceeded(r1);
    assertSucceeded(r2);
    const d1 = await (await openRun("ExperimentFlow", r1)).data();
    const s1 = d1["settings"] as { features: string[]; target_column: string };
    assert.deepEqual(s1.features, ["sqft"]);
    const ref = simpleRegression(await readFile(examplePath("experiments/houses.csv"), "utf8"), "sqft", "price");
    const slopes1 = d1["slopes"] as Record<string, number>;
    assert.ok(Math.abs(slopes1["sqft"]! - ref.slope) < 1e-9, `slope ${slopes1["sqft"]} vs ${ref.slope}`);
    assert.ok(Math.abs((d1["intercept"] as number) - ref.intercept) < 1e-6);
    assertMentions(r1, `slope sqft: ${ref.slope.toFixed(4)}`, `intercept: ${ref.intercept.toFixed(4)}`);

    const d2 = await (await openRun("ExperimentFlow", r2)).data();
    assert.deepEqual((d2["settings"] as { features: string[] }).features, ["sqft", "bedrooms", "age", "distance_km"]);
    assert.deepEqual(Object.keys(d2["slopes"] as object), ["sqft", "bedrooms", "age", "distance_km"]);
    // A least-squares fit leaves residuals orthogonal to every feature (and to the intercept).
    const x = d2["x"] as number[][];
    const y = d2["y"] as number[];
    const b = Object.values(d2["slopes"] as Record<string, number>);
    const resid = y.map((v, i) => v - (d2["intercept"] as number) - x[i]!.reduce((s, xv, j) => s + xv * b[j]!, 0));
    assert.ok(Math.abs(resid.reduce((a, v) => a + v, 0)) < 1e-6);
    for (let j = 0; j < b.length; j++) assert.ok(Math.abs(resid.reduce((s, rv, i) => s + rv * x[i]![j]!, 0)) < 1e-4, `feature ${j}`);
    assertMentions(r2, "slope bedrooms:", "slope distance_km:");

    const branch = gitBranch();
    const env = d1["environment"] as { name: string; branch: string | null };
    assert.equal(env.branch, branch ?? null);
    assert.equal(env.name, branch === undefined ? "local" : branch === "main" || branch === "master" ? "production" : "development");
    const record = await runRecord("ExperimentFlow", r1);
    assert.deepEqual(record.stepDecorators["train"], [{ name: "resources", attributes: { cpu: env.name === "production" ? 4 : env.name === "development" ? 2 : 1 } }]);
  });

  test("experiments: outside a git checkout the environment layer is local; an override drops the intercept", async () => {
    const r = await runs.noIntercept;
    assertSucceeded(r);
    assertMentions(r, "environment local (branch none)", "intercept: 0.0000");
    const data = await (await openRun("ExperimentFlow", r)).data();
    assert.equal((data["environment"] as { name: string }).name, "local");
    assert.equal((data["settings"] as { model: { fit_intercept: boolean } }).model.fit_intercept, false);
    assert.equal(data["intercept"], 0);
  });

  test("configs prints every value with its file:line, layer or override (text and --json)", async () => {
    const r = await runCli(["configs", experiments, "--config-override", "settings.model.fit_intercept=false"], { cwd: repoRoot, env: outsideGit });
    assert.equal(r.code, 0, r.output);
    assert.match(r.stdout, /Config settings: from examples\/experiments\/settings\/base\.yaml \+ examples\/experiments\/settings\/EXP_01\.yaml/);
    assert.match(r.stdout, /file: "houses\.csv"\s+# examples\/experiments\/settings\/base\.yaml:3/);
    assert.match(r.stdout, /fit_intercept: false\s+# --config-override settings\.model\.fit_intercept=false/);
    assert.match(r.stdout, /target_column: "price"\s+# examples\/experiments\/settings\/EXP_01\.yaml:2/);
    assert.match(r.stdout, /features: \["sqft"\]\s+# examples\/experiments\/settings\/EXP_01\.yaml:3/);
    assert.match(r.stdout, /Config environment: from defaultValue/);
    assert.match(r.stdout, /name: "local"\s+# defaultValue/);
    const json = await runCli(["configs", configurable, "--json"], { cwd: repoRoot });
    assert.equal(json.code, 0, json.output);
    const parsed = JSON.parse(json.stdout) as { configs: { name: string; value: unknown; sources: Record<string, { text: string; line?: number }> }[] };
    assert.equal(parsed.configs[0]!.name, "config");
    assert.deepEqual(parsed.configs[0]!.sources["model.learning_rate"], { kind: "file", file: "examples/configurable/myconfig.toml", line: 7, text: "examples/configurable/myconfig.toml:7" });
    assert.equal(parsed.configs[0]!.sources["schedule.cron"]!.line, 3);
  });

  test("show prints config-driven decorators with their resolved values", async () => {
    const r = await runCli(["show", configurable, "--config-override", "config.resources.cpu=8"]);
    assert.equal(r.code, 0, r.output);
    assertMentions(r, '@schedule({ cron: "0 * * * *" })', "@resources({ cpu: 8 })", "@retry({ times: 2 })");
    const f = await runCli(["show", features]);
    assertMentions(f, '@project({ name: "configs_e2e" })', "@resources({ cpu: 3, memory: 2048 })", "@retry({ times: 2, minutesBetweenRetries: 0 })");
  });
});

describe("configs: declaring and using", () => {
  test("dashed keys, spread, read-only values, named and function parsers, plain values, deferred defaults, retry from a config", async () => {
    const r = await runs.features;
    assertSucceeded(r);
    assertMentions(r, "rate 0.25 doubled 0.5 dashed dashed kv kv-config shout HELLO");
    const run = await openRun("ConfigFeaturesFlow", r);
    const start = await onlyTaskData(run, "start");
    assert.equal(start["dashed"], "dashed");
    assert.deepEqual(start["spread"], { rate: 0.25, layers: [8, 4], extra: true });
    assert.deepEqual(start["keys"], ["project", "a-b", "model", "resources", "retry"]);
    assert.match(start["writeError"] as string, /MetaflowError: Cannot change settings\.model\.rate: configs are read-only/);
    assert.match(start["pushError"] as string, /MetaflowError: Cannot change settings\.model\.layers\[2\]: configs are read-only/);
    assert.match(start["assignError"] as string, /Cannot assign to 'settings': it is a config/);
    assert.equal(start["attempts"], 2, "the retry policy came from the config (times: 2)");
    const end = await run.data();
    assert.deepEqual(end["kv"], { name: "kv-config", colour: "blue" });
    assert.deepEqual(end["shout"], { text: "HELLO" });
    assert.deepEqual(end["raw"], { list: [1, 2, 3] });
    assert.equal(end["rate"], 0.25);
    assert.equal(end["doubled"], 0.5);
    const record = await runRecord("ConfigFeaturesFlow", r);
    assert.deepEqual(record.stepDecorators["start"], [
      { name: "resources", attributes: { cpu: 3, memory: 2048 } },
      { name: "retry", attributes: { times: 2, minutesBetweenRetries: 0 } },
    ]);
    assert.deepEqual(record.flowDecorators, [{ name: "project", attributes: { name: "configs_e2e" } }]);
    assert.equal((await tasksOf(run, "start")).length, 1);
  });

  test("environment variables give a config (file or JSON); the command line wins", async () => {
    const [v, f, c] = [await runs.envValue, await runs.envFile, await runs.cliValue];
    assertSucceeded(v);
    assertMentions(v, "secret user env-json");
    assertSucceeded(f);
    assertMentions(f, "secret user ada");
    assertSucceeded(c);
    assertMentions(c, "secret user cli-json");
  });

  test("a resume keeps the configs of the run it resumes and refuses new ones", async () => {
    const failed = await runFlow(cfg("resume.ts"), ["--config-value", "config", '{"label": "first"}'], { env: { CONFIG_TEST_FAIL: "1" } });
    assert.equal(failed.code, 1, failed.output);
    const resumed = await runFlow(cfg("resume.ts"), [], { command: "resume", cwd: failed.cwd, env: { CONFIG_TEST_FAIL: "0" } });
    assertSucceeded(resumed);
    const run = await openRun("ConfigResumeFlow", resumed);
    assert.equal((await run.data())["seen"], "first");
    const refused = await runFlow(cfg("resume.ts"), ["--config-value", "config", "{}"], { command: "resume", cwd: failed.cwd });
    assertRefused(refused, "resume keeps the parameters and configs of the run it resumes");
  });
});

describe("configs: errors fail before any task runs", () => {
  test("a deferred value naming a missing key names the expression and the keys that exist", async () => {
    assertRefused(await errors.missingKey, "config.resources.gpu (@resources of step start) names a key that does not exist", "Keys there: cpu, memory");
  });

  test("an unknown config name lists the known ones", async () => {
    assertRefused(await errors.unknownName, "has no config named 'nope'", "Its configs: settings, kv, shout, raw");
    assertRefused(await errors.unknownOverride, "has no config named 'setings'");
  });

  test("an override of a key that does not exist lists the keys there", async () => {
    assertRefused(await errors.missingOverrideKey, "settings.model has no key 'rat'", "Keys there: rate, layers", "+settings.model.rat=");
  });

  test("TOML, YAML and JSON syntax errors show file:line:column and the line", async () => {
    const toml = await errors.toml;
    assertRefused(toml, /TOML syntax error in .*bad\.toml:3:\d+/, '3 | name = "unterminated');
    const yaml = await errors.yaml;
    assertRefused(yaml, /YAML syntax error in .*bad\.yaml:4:1/, "4 | epochs: 3");
    const json = await errors.json;
    assertRefused(json, /JSON syntax error in .*bad\.json:4:1/, "4 | }");
    const inline = await errors.inline;
    assertRefused(inline, /JSON syntax error in --config-value:1:2/);
  });

  test("a required config without a value says how to supply it", async () => {
    assertRefused(await errors.required, "Config 'secret' is required but has no value: pass --config secret FILE or --config-value secret JSON, or set METAFLOW_FLOW_CONFIG_SECRET");
  });

  test("a schema violation lists every failing path, what was found and the file", async () => {
    assertRefused(
      await errors.schema,
      "Config 'config' does not match its schema (2 problems",
      /config\.model\.rate: .*expected number.*; found "fast" \(from .*schema-bad\.yaml:2\)/,
      /config\.model\.name: .*found nothing \(the key is missing\)/,
    );
  });

  test("a missing default file, default with defaultValue, and unpaired --config are refused", async () => {
    assertRefused(await errors.missingDefault, "cannot read", "does-not-exist.toml (no such file");
    assertRefused(await errors.bothDefaults, "Config 'config' has both default (a file) and defaultValue (a value); keep one of them.");
    assertRefused(await errors.unpaired, "--config takes two values, NAME and FILE");
    assertRefused(await errors.fileAndValue, "given both --config (a file) and --config-value");
  });
});
