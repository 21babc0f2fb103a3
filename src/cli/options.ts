/**
 * Option value parsers shared by commands.
 * @module
 */
import { InvalidArgumentError } from "commander";

/** Parses a whole number ≥ 1. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number ≥ 1.");
  return n;
}

/** Accumulates a repeatable option into an array. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
