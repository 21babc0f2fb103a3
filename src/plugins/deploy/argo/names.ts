/**
 * Deployment names: `<flow>` or, with `@project`, `<project>.<branch>.<flow>` (Metaflow's
 * scheme: the branch is `user.<name>` by default, `test.<branch>` with `--branch`, `prod` with
 * `--production`), lower-cased into a valid Kubernetes name. A name longer than Kubernetes
 * allows for a workflow is shortened deterministically: its first characters, then `-` and 8
 * hex digits of its sha256 — the same flow always gets the same name.
 * @module
 */
import { createHash } from "node:crypto";
import { ErrorCode, MetaflowError } from "../../../errors.js";

/** Longest deployment name: Argo names workflows `<name>-<5 chars>`, and labels take 63. */
export const maxNameLength = 57;

/** The branch and project of a deployment: the same rules as a local run's. */
export { projectBranch, projectOf } from "../../../flow/project.js";

/** A valid Kubernetes name for a deployment (and whether it had to be shortened). */
export function deploymentName(base: string): { name: string; shortened: boolean } {
  const clean = base.toLowerCase().replace(/[^a-z0-9.-]+/g, "-").replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
  if (clean === "") throw new MetaflowError(ErrorCode.UsageError, `${JSON.stringify(base)} has no letters or digits to make a Kubernetes name from; pass --name.`);
  if (clean.length <= maxNameLength) return { name: clean, shortened: false };
  const hash = createHash("sha256").update(clean).digest("hex").slice(0, 8);
  return { name: `${clean.slice(0, maxNameLength - 9).replace(/[^a-z0-9]+$/, "")}-${hash}`, shortened: true };
}

/** A label value (≤ 63 characters, alphanumeric at both ends). */
export function labelValue(text: string): string {
  const clean = text.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
  if (clean.length <= 63) return clean;
  return `${clean.slice(0, 54).replace(/[^A-Za-z0-9]+$/, "")}-${createHash("sha256").update(clean).digest("hex").slice(0, 8)}`;
}
