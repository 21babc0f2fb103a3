/**
 * `@project` branches of a local run: `--branch` / `--production`, or Metaflow's
 * `METAFLOW_BRANCH` / `METAFLOW_PRODUCTION`, and the system tags they give.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { projectOf, projectOptionsFromEnv, projectTags, runProject } from "../../src/flow/project.js";

test("the branch: user.<name> by default, test.<B> from --branch or METAFLOW_BRANCH, prod from --production or METAFLOW_PRODUCTION", () => {
  const at = (env: Record<string, string>, given = {}) => projectOf("shop", "TrainFlow", "ada", projectOptionsFromEnv(env, given))?.flowName;
  assert.equal(at({}), "shop.user.ada.TrainFlow");
  assert.equal(at({ METAFLOW_BRANCH: "exp" }), "shop.test.exp.TrainFlow");
  assert.equal(at({ METAFLOW_BRANCH: "exp" }, { branch: "cli" }), "shop.test.cli.TrainFlow", "an option wins over the environment");
  assert.equal(at({ METAFLOW_PRODUCTION: "True" }), "shop.prod.TrainFlow");
  assert.equal(at({ METAFLOW_PRODUCTION: "no" }), "shop.user.ada.TrainFlow");
  assert.equal(at({}, { production: true, branch: "b" }), "shop.prod.b.TrainFlow");
  assert.deepEqual(projectTags(projectOf("shop", "TrainFlow", "ada", { branch: "exp" })), ["project:shop", "project_branch:test.exp"]);
});

test("without @project, --branch is refused and the environment is ignored", () => {
  assert.throws(() => projectOf(undefined, "TrainFlow", "ada", { branch: "x" }), /need a project: add @project/);
  assert.equal(projectOf(undefined, "TrainFlow", "ada", {}), undefined);
  assert.equal(runProject(undefined, "TrainFlow", "ada", { METAFLOW_BRANCH: "x", METAFLOW_PRODUCTION: "true" }, {}), undefined);
  assert.throws(() => runProject(undefined, "TrainFlow", "ada", {}, { production: true }), /need a project/);
  assert.equal(runProject("shop", "TrainFlow", "ada", { METAFLOW_BRANCH: "x" }, {})?.branch, "test.x");
  assert.deepEqual(projectTags(undefined), []);
});
