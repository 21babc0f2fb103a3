/**
 * Core tests of `@project` on a local run (Metaflow's project_branch, project_production), as
 * TypeScript: the branch comes from `METAFLOW_BRANCH` (set by the flow module, as Metaflow's
 * test sets it in its header) or `--production`; every step sees it in `current`, and the run
 * carries the `project:` and `project_branch:` system tags.
 * @module
 */
import assert from "node:assert/strict";
import type { CoreTest } from "./core-test.js";
import { switchGraphs } from "./core-test.js";

function projectTest(name: string, project: string, how: { env?: string; runArgs?: string[] }, branch: string, production: boolean): CoreTest {
  const flowName = `${name}Flow`;
  return {
    name,
    priority: 1,
    skipGraphs: switchGraphs,
    prelude: ['import { project } from "metaflow-ts";', ...(how.env === undefined ? [] : [how.env])],
    flowDecorators: [`project({ name: ${JSON.stringify(project)} })`],
    ...(how.runArgs === undefined ? {} : { runArgs: how.runArgs }),
    steps: [
      { prio: 0, quals: ["singleton"], required: true, code: [] },
      {
        prio: 1,
        quals: ["all"],
        code: [
          `assertEquals(${JSON.stringify(project)}, current.projectName);`,
          `assertEquals(${JSON.stringify(branch)}, current.branchName);`,
          `assertEquals(${production}, current.isProduction);`,
          `assertEquals(${JSON.stringify(`${project}.${branch}.${flowName}`)}, current.projectFlowName);`,
        ],
      },
    ],
    async check(c) {
      assert.ok(c.run.systemTags.includes(`project:${project}`), `system tags ${JSON.stringify(c.run.systemTags)} have project:${project}`);
      assert.ok(c.run.systemTags.includes(`project_branch:${branch}`), `system tags ${JSON.stringify(c.run.systemTags)} have project_branch:${branch}`);
      assert.ok(!c.run.tags.some((t) => t.startsWith("project")), "project tags are system tags, not user tags");
    },
  };
}

/** Tests of `@project`. */
export const projectTests: readonly CoreTest[] = [
  projectTest("ProjectBranchTest", "project_branch", { env: 'process.env["METAFLOW_BRANCH"] = "this_is_a_test_branch";' }, "test.this_is_a_test_branch", false),
  projectTest("ProjectProductionTest", "project_prod", { runArgs: ["--production"] }, "prod", true),
];
