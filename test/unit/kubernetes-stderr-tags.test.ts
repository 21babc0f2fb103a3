/**
 * Kubernetes keeps stdout and stderr apart through tags (src/plugins/compute/kubernetes/stderr-tags.ts):
 * a real Node process tags its stderr, both its streams go into one pipe (as into a container's
 * log), and the backend's side gives each line back to its stream.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { sortLogLines, splitLog } from "../../src/plugins/compute/kubernetes/stderr-tags.js";

const tagsModule = fileURLToPath(new URL("../../src/plugins/compute/kubernetes/stderr-tags.ts", import.meta.url));

/** Runs `body` in a Node process whose stderr is tagged, with stdout and stderr in one pipe. */
function containerLog(body: string): string {
  const script = `import { tagStderrLines } from ${JSON.stringify(tagsModule)}; tagStderrLines(); ${body}`;
  const r = spawnSync("sh", ["-c", 'exec "$@" 2>&1', "sh", process.execPath, "--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stdout);
  return r.stdout;
}

test("a task's stderr lines, written in pieces and as bytes, come back as stderr; stdout stays stdout", () => {
  const log = containerLog(`
    console.log("out one");
    console.error("err one");
    process.stderr.write("err ");
    process.stderr.write(Buffer.from("two, caf\\u00e9\\nerr three\\n"));
    console.log("out two");
    process.stderr.write("");
    console.error("err four");
  `);
  const { stdout, stderr } = splitLog(log);
  assert.equal(stdout.toString(), "out one\nout two\n");
  assert.equal(stderr.toString(), "err one\nerr two, café\nerr three\nerr four\n");
  assert.deepEqual(
    sortLogLines(log.replace(/\n$/, "")).map((l) => `${l.stream}:${l.line}`),
    ["stdout:out one", "stderr:err one", "stderr:err two, café", "stderr:err three", "stdout:out two", "stderr:err four"],
  );
});

test("untagged lines (a process that did not tag, e.g. a child inheriting stderr) are kept as stdout", () => {
  const { stdout, stderr } = splitLog("plain\nlast without newline");
  assert.equal(stdout.toString(), "plain\nlast without newline\n");
  assert.equal(stderr.length, 0);
});

test("a stdout line left unfinished when a stderr line is written ends where the stderr line starts", () => {
  const log = containerLog(`process.stdout.write("half"); console.error("err"); console.log(" rest");`);
  assert.deepEqual(sortLogLines(log.replace(/\n$/, "")), [
    { stream: "stdout", line: "half" },
    { stream: "stderr", line: "err" },
    { stream: "stdout", line: " rest" },
  ]);
});
