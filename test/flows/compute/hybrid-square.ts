/**
 * The work of the hybrid flows' foreach step `body`, shared by hybrid.ts (Slurm),
 * hybrid-kubernetes.ts (Kubernetes) and hybrid-local.ts (the all-local reference), which differ
 * only in where `body` runs. It fails for the index in $HYBRID_FAIL_INDEX (to test resume across
 * local and remote tasks). A flow may import its own modules: the code package bundles them.
 * @module
 */
import { current } from "metaflow-ts";

/** Squares `input` (item `index` of the foreach), says so on stdout, and tells where it ran. */
export function squareHere(index: number, input: number): { square: number; where: string } {
  if (process.env.HYBRID_FAIL_INDEX === String(index)) throw new Error(`body ${index} fails on purpose`);
  const square = input ** 2;
  const where = current.compute;
  console.log(`square ${input} = ${square} on ${where} (${current.pathspec})`);
  return { square, where };
}
