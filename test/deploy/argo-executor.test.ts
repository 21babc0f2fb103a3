/**
 * The executor double itself, on hand-written templates whose containers are small shell
 * commands: it must follow Argo's semantics or the equivalence tests prove nothing.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { executeWorkflow } from "../doubles/argo/executor.js";
import { evaluateExpression } from "../doubles/argo/expressions.js";

const sh = (name: string, script: string, extra: Record<string, unknown> = {}) => ({ name, container: { name: "main", image: "busybox", command: ["sh", "-c"], args: [script] }, ...extra });
const run = (templates: unknown[], spec: Record<string, unknown> = {}, parameters: Record<string, string> = {}) =>
  executeWorkflow({ spec: { entrypoint: "main", templates, ...spec } }, { workflowName: "wf", parameters, localCommand: (c) => [...c] });

test("DAG: depends order, input/output parameters, withParam aggregation in item order, when, nested DAG output expressions", async () => {
  const out = "/tmp/argo-out";
  const r = await run([
    {
      name: "main",
      outputs: { parameters: [{ name: "final", valueFrom: { expression: "tasks['pick'].outputs.parameters['chosen']" } }] },
      dag: {
        tasks: [
          { name: "list", template: "emit-list" },
          { name: "fan", template: "square", depends: "list.Succeeded", withParam: "{{tasks.list.outputs.parameters.items}}", arguments: { parameters: [{ name: "n", value: "{{item}}" }] } },
          { name: "join", template: "echo", depends: "fan.Succeeded", arguments: { parameters: [{ name: "text", value: "{{tasks.fan.outputs.parameters.sq}}" }] } },
          { name: "no", template: "echo", depends: "join.Succeeded", when: "'{{tasks.join.outputs.parameters.text}}' == 'nope'", arguments: { parameters: [{ name: "text", value: "x" }] } },
          { name: "after-no", template: "echo", depends: "no.Succeeded", arguments: { parameters: [{ name: "text", value: "never" }] } },
          { name: "pick", template: "choose", depends: "no", arguments: { parameters: [{ name: "v", value: "{{tasks.join.outputs.parameters.text}}" }] } },
        ],
      },
    },
    sh("emit-list", `mkdir -p ${out} && echo '[3,1,2]' > ${out}/items`, { outputs: { parameters: [{ name: "items", valueFrom: { path: `${out}/items` } }] } }),
    sh("square", `mkdir -p ${out} && sleep 0.$(( {{inputs.parameters.n}} % 2 )) && echo $(( {{inputs.parameters.n}} * {{inputs.parameters.n}} )) > ${out}/sq`, { inputs: { parameters: [{ name: "n" }] }, outputs: { parameters: [{ name: "sq", valueFrom: { path: `${out}/sq` } }] } }),
    sh("echo", `mkdir -p ${out} && printf '%s' '{{inputs.parameters.text}}' > ${out}/text`, { inputs: { parameters: [{ name: "text" }] }, outputs: { parameters: [{ name: "text", valueFrom: { path: `${out}/text` } }] } }),
    {
      name: "choose",
      inputs: { parameters: [{ name: "v" }] },
      outputs: { parameters: [{ name: "chosen", valueFrom: { expression: "tasks['a'].status == 'Succeeded' ? tasks['a'].outputs.parameters['text'] : tasks['b'].outputs.parameters['text']" } }] },
      dag: {
        tasks: [
          { name: "a", template: "echo", when: "'{{inputs.parameters.v}}' == 'other'", arguments: { parameters: [{ name: "text", value: "A" }] } },
          { name: "b", template: "echo", when: "'{{inputs.parameters.v}}' != 'other'", arguments: { parameters: [{ name: "text", value: "B:{{inputs.parameters.v}}" }] } },
        ],
      },
    },
  ]);
  assert.equal(r.phase, "Succeeded", r.nodes.map((n) => `${n.template}: ${n.output}`).join("\n"));
  const join = r.nodes.find((n) => n.template === "echo" && n.args[0]?.includes('["9","1","4"]'));
  assert.ok(join, `fan-out outputs aggregated in item order: ${r.nodes.map((n) => n.args.join(" ")).join("\n")}`);
  assert.ok(!r.nodes.some((n) => n.args[0]?.includes("never")), "a task depending on a skipped task's success is omitted");
  assert.ok(r.nodes.some((n) => n.args[0]?.includes(`B:["9","1","4"]`)), "the nested DAG chose by when");
  assert.ok(!r.nodes.some((n) => n.args[0]?.includes("'A'")), "the skipped case did not run");
});

test("retryStrategy retries with {{retries}}; a task that keeps failing fails the workflow and stops the DAG; onExit sees the status", async () => {
  const marker = `/tmp/argo-exec-${process.pid}`;
  const r = await run(
    [
      { name: "main", dag: { tasks: [{ name: "flaky", template: "flaky" }, { name: "bad", template: "bad", depends: "flaky.Succeeded" }, { name: "later", template: "ok", depends: "bad.Succeeded" }] } },
      sh("flaky", "test {{retries}} -ge 2", { retryStrategy: { limit: "3" } }),
      sh("bad", "exit 3", { retryStrategy: { limit: "1" } }),
      sh("ok", "true"),
      sh("exit", `echo {{workflow.status}} > ${marker}`),
    ],
    { onExit: "exit" },
  );
  assert.equal(r.phase, "Failed");
  assert.deepEqual(r.nodes.filter((n) => n.template === "flaky").map((n) => n.exitCode), [1, 1, 0]);
  assert.equal(r.nodes.filter((n) => n.template === "bad").length, 2, "limit 1: two attempts");
  assert.ok(!r.nodes.some((n) => n.template === "ok"));
  const { readFile, rm } = await import("node:fs/promises");
  assert.equal((await readFile(marker, "utf8")).trim(), "Failed");
  await rm(marker);
});

test("activeDeadlineSeconds kills an attempt; globalName outputs are workflow outputs", async () => {
  const out = "/tmp/argo-out";
  const r = await run(
    [
      { name: "main", dag: { tasks: [{ name: "id", template: "id" }, { name: "slow", template: "slow", depends: "id.Succeeded" }] } },
      sh("id", `mkdir -p ${out} && echo 42 > ${out}/id`, { outputs: { parameters: [{ name: "id", globalName: "run-id", valueFrom: { path: `${out}/id` } }] } }),
      sh("slow", "echo {{workflow.outputs.parameters.run-id}}; sleep 30", { activeDeadlineSeconds: 1 }),
    ],
    { parallelism: 1 },
  );
  assert.equal(r.phase, "Failed");
  assert.equal(r.globalOutputs["run-id"], "42");
  const slow = r.nodes.find((n) => n.template === "slow");
  assert.equal(slow?.killedByDeadline, true);
  assert.match(slow?.output ?? "", /^42/);
});

test("expressions: ternary chains and string literals; unsupported syntax throws", () => {
  const scope = new Map([["tasks.a.status", "Skipped"], ["tasks.b.status", "Succeeded"], ["tasks.b.outputs.parameters.p", "from-b"], ["inputs.parameters.x", "in"]]);
  const get = (p: string) => scope.get(p);
  assert.equal(evaluateExpression("tasks['a'].status == 'Succeeded' ? tasks['a'].outputs.parameters['p'] : tasks['b'].status == 'Succeeded' ? tasks['b'].outputs.parameters['p'] : inputs.parameters['x']", get), "from-b");
  assert.equal(evaluateExpression("inputs.parameters['x']", get), "in");
  assert.throws(() => evaluateExpression("sprig.trim(inputs.parameters['x'])", get));
});
