/**
 * Bad input to the documented commands of DESIGN.md §2 and §6, as a user types it: every one ends
 * with exit 1 or 2 and a one-paragraph typed error that names what is wrong and how to fix it,
 * never a stack trace, and never runs anything.
 */
import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describeResult, flowPath, makeTmpDir, runCli, runFlow, type CliResult } from "../utils/cli.js";
import { assertSucceeded } from "../utils/client.js";

const LINEAR = flowPath("linear.ts");
const PARAMS = flowPath("parameters.ts");

/** Exit 1 or 2, the message mentions `words`, no stack trace, no `Done!`. */
function assertUserError(r: CliResult, ...words: Array<string | RegExp>): void {
  assert.ok(r.code === 1 || r.code === 2, `expected exit 1 or 2\n${describeResult(r)}`);
  assert.doesNotMatch(r.output, /^Done!$/m, describeResult(r));
  assert.doesNotMatch(r.output, /^\s+at .+:\d+:\d+\)?$/m, `a user error is reported without a stack trace\n${describeResult(r)}`);
  for (const w of words) assert.match(r.output, typeof w === "string" ? new RegExp(w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i") : w, describeResult(r));
}

describe("contract: bad input to documented commands", () => {
  let cwd = "";
  let runId = "";
  before(async () => {
    cwd = await makeTmpDir("mfts-contract-");
    const r = await runFlow(LINEAR, [], { cwd });
    assertSucceeded(r);
    runId = r.runId!;
  });
  const cli = (args: readonly string[]): Promise<CliResult> => runCli([...args], { cwd });

  test("run: a flow file that does not exist", async () => {
    assertUserError(await cli(["run", "nope.ts"]), "nope.ts", /does not exist/);
  });

  test("run: a flow file whose top level throws names its file:line, without the runtime's frames", async () => {
    const r = await cli(["run", flowPath("contract/throws-at-load.ts")]);
    assert.ok(r.code === 1 || r.code === 2, describeResult(r));
    assert.match(r.output, /throws-at-load\.ts:8:\d+/, describeResult(r));
    assert.match(r.output, /Cannot read properties of undefined/);
    assert.doesNotMatch(r.output, /node:internal|\/dist\//, `no runtime frames\n${describeResult(r)}`);
  });

  test("run: an unknown option, a bad parameter value, a bad --max-workers", async () => {
    assertUserError(await cli(["run", LINEAR, "--no-such-option", "1"]), "--no-such-option");
    assertUserError(await cli(["run", PARAMS, "--who", "x", "--count", "abc"]), "count", "number");
    assertUserError(await cli(["run", LINEAR, "--max-workers", "0"]), "--max-workers");
  });

  test("run: --with an unknown decorator or a bad attribute", async () => {
    assertUserError(await cli(["run", LINEAR, "--with", "nosuch"]), "nosuch", "retry");
    assertUserError(await cli(["run", LINEAR, "--with", "retry:times=x"]), "times");
  });

  test("run: --config / --config-value naming a config the flow does not declare", async () => {
    assertUserError(await cli(["run", LINEAR, "--config", "nope", "x.toml"]), "nope");
    assertUserError(await cli(["run", LINEAR, "--config-value", "nope", "{}"]), "nope");
  });

  test("run: --datastore-root s3:// without a bucket is refused (not a local folder named 's3:')", async () => {
    const r = await cli(["run", LINEAR, "--datastore-root", "s3://"]);
    assertUserError(r, "s3://", "bucket");
    assert.equal(existsSync(join(cwd, "s3:")), false, "no local folder 's3:' was created");
  });

  test("resume: an unknown origin run, an unknown step", async () => {
    assertUserError(await cli(["resume", LINEAR, "--origin-run-id", "999"]), "999");
    assertUserError(await cli(["resume", LINEAR, "nosuchstep"]), "nosuchstep", "start");
  });

  test("show: an unknown --format lists the allowed ones", async () => {
    assertUserError(await cli(["show", LINEAR, "--format", "png"]), "mermaid", "dot", "json");
  });

  test("dump / logs / tag / card: a malformed or unknown pathspec", async () => {
    assertUserError(await cli(["dump", "Nope"]), "Flow/run");
    assertUserError(await cli(["dump", "LinearFlow/999"]), "LinearFlow/999");
    assertUserError(await cli(["logs", "LinearFlow/999/start/1"]), "LinearFlow/999");
    assertUserError(await cli(["logs", `LinearFlow/${runId}/nosuchstep/1`]), "nosuchstep");
    assertUserError(await cli(["tag", "add", "LinearFlow/999", "x"]), "LinearFlow/999");
    assertUserError(await cli(["tag", "add", `LinearFlow/${runId}`, "user:someone"]), "user:");
    assertUserError(await cli(["card", "get", `LinearFlow/${runId}/start/1`]), /card/);
  });

  test("argo-workflows create without an image says where an image comes from", async () => {
    assertUserError(await cli(["argo-workflows", "create", LINEAR, "--only-json"]), "--image", "METAFLOW_KUBERNETES_CONTAINER_IMAGE");
  });

  test("service without a database says how to give one", async () => {
    assertUserError(await runCli(["service"], { cwd, env: { METAFLOW_SERVICE_DATABASE_URL: undefined } }), "--database-url");
  });
});
